/**
 * A malicious full node for tests: real HTTP JSON-RPC on 127.0.0.1 that forwards each call to
 * an honest node and lets the test rewrite the answer (`tamper`) — change a header, drop
 * signatures, swap a validator set, break a proof — or withhold it (an error, an empty result,
 * or no answer at all).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RpcCall {
  method: string
  params: Record<string, unknown>
}

export type Answer = { result: unknown } | { error: { code: number; message: string } }

/** What the liar sends: a (rewritten) answer, or `hang` to never answer. */
export type Tamper = (call: RpcCall, honest: Answer) => Answer | 'hang'

export interface LyingNode {
  url: string
  /** Calls received, in order. */
  calls: RpcCall[]
  close(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startLyingNode(upstream: string, tamper: Tamper): Promise<LyingNode> {
  const calls: RpcCall[] = []
  const hanging = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    void (async () => {
      const request = JSON.parse(await readBody(req)) as {
        id: number
        method: string
        params?: Record<string, unknown>
      }
      const call = { method: request.method, params: request.params ?? {} }
      calls.push(call)
      const forwarded = await fetch(upstream, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      })
      const honest = (await forwarded.json()) as Answer
      const answer = tamper(call, honest)
      if (answer === 'hang') {
        hanging.add(res)
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, ...answer }))
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The honest result, for rewriting (fails the test on an honest error). */
export function resultOf<T>(answer: Answer): T {
  if (!('result' in answer)) throw new Error(`the honest node answered ${answer.error.message}`)
  return structuredClone(answer.result) as T
}
