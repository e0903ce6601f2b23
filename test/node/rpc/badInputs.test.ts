/**
 * The RPC bad-input table: each row sends one bad request over real HTTP (or WebSocket) and
 * checks the HTTP status, the JSON-RPC error code and a message that says what was wrong, and
 * that the server still answers `custos_status` afterwards. No row may produce an internal
 * error or a stack trace.
 */
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { signRpcRequest, verifyStateProof, type StateProof } from '../../../src/node/protocol'
import { RpcErrorCode } from '../../../src/node/rpc'
import { alice, bob, carol, sign, testDomain } from '../../fixtures/network'
import {
  auditor,
  call,
  nowSeconds,
  post,
  result,
  signed,
  startRpc,
  txHex,
  WsClient,
  type Harness,
  type RpcReply,
  type RpcResponse,
} from './harness'

let h: Harness
let url: string
let instructionId: `0x${string}`
const internalErrors: unknown[] = []

beforeAll(async () => {
  h = await startRpc({ onInternalError: (error) => internalErrors.push(error) })
  url = h.rpc.url
  h.backend.chain.submit(sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 1n }))
  instructionId = h.backend.chain.submit(
    sign(
      alice,
      'CreateInstruction',
      {
        reference: 'T-9',
        settleBy: 4_000_000_000n,
        legs: [{ symbol: 'ACME', from: alice.address, to: carol.address, amount: 1n }],
      },
      1n,
    ),
  )
  h.backend.produceBlock()
})

afterAll(async () => {
  await h.close()
})

afterEach(async () => {
  // the server still serves, and nothing reached the internal-error path
  const status = await call(url, 'custos_status')
  expect(status.result).toMatchObject({ chainId: '7001' })
  expect(internalErrors).toEqual([])
})

const request = (method: string, params?: unknown, id: unknown = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) })

const send = (body: string, headers?: Record<string, string>) => post(url, body, headers)

const aliceBalances = { address: alice.address }

interface Row {
  name: string
  send: () => Promise<RpcReply>
  status?: number
  code: number
  message: RegExp
  /** Expected `error.data` (subset). */
  data?: Record<string, unknown>
}

const rows: Row[] = [
  // transport and envelope
  {
    name: 'malformed JSON',
    send: () => send('{"jsonrpc":"2.0","id":1,"method":'),
    code: RpcErrorCode.parseError,
    message: /^parse error: the body is not valid JSON/,
  },
  {
    name: 'a body that is not UTF-8',
    send: () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Uint8Array.of(0x22, 0xff, 0x22),
      }).then(async (res) => ({
        status: res.status,
        headers: res.headers,
        body: await res.json(),
      })),
    code: RpcErrorCode.parseError,
    message: /^parse error/,
  },
  {
    name: 'a request that is not an object',
    send: () => send('42'),
    code: RpcErrorCode.invalidRequest,
    message: /^invalid request: a request must be a JSON object/,
  },
  {
    name: 'jsonrpc missing',
    send: () => send(JSON.stringify({ id: 1, method: 'custos_status' })),
    code: RpcErrorCode.invalidRequest,
    message: /jsonrpc must be "2\.0"/,
  },
  {
    name: 'jsonrpc "1.0"',
    send: () => send(JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'custos_status' })),
    code: RpcErrorCode.invalidRequest,
    message: /jsonrpc must be "2\.0"/,
  },
  {
    name: 'an id that is an object',
    send: () => send(request('custos_status', undefined, { x: 1 })),
    code: RpcErrorCode.invalidRequest,
    message: /id must be a string, a number or null/,
  },
  {
    name: 'method not a string',
    send: () => send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 7 })),
    code: RpcErrorCode.invalidRequest,
    message: /method must be a string/,
  },
  {
    name: 'unknown method',
    send: () => send(request('custos_mintMoney', {})),
    code: RpcErrorCode.methodNotFound,
    message: /^method not found: custos_mintMoney$/,
  },
  {
    name: 'a subscription over HTTP',
    send: () => send(request('custos_subscribe', { topic: 'newHeads' })),
    code: RpcErrorCode.methodNotFound,
    message: /custos_subscribe is available over WebSocket \(\/ws\) only/,
  },
  {
    name: 'oversized body (over 1 MiB)',
    send: () => send(request('custos_getState', { key: 'x'.repeat(1024 * 1024) })),
    status: 413,
    code: RpcErrorCode.invalidRequest,
    message: /^request too large: the body is over 1048576 bytes/,
  },
  {
    name: 'oversized body without a Content-Length (chunked)',
    send: () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(32))
            controller.close()
          },
        }),
        duplex: 'half',
      } as RequestInit).then(async (res) => ({
        status: res.status,
        headers: res.headers,
        body: await res.json(),
      })),
    status: 413,
    code: RpcErrorCode.invalidRequest,
    message: /^request too large/,
  },
  {
    name: 'not JSON (Content-Type text/plain)',
    send: () => send(request('custos_status'), { 'content-type': 'text/plain' }),
    status: 415,
    code: RpcErrorCode.invalidRequest,
    message: /Content-Type: application\/json/,
  },
  {
    name: 'a GET',
    send: () =>
      fetch(url).then(async (res) => ({
        status: res.status,
        headers: res.headers,
        body: await res.json(),
      })),
    status: 405,
    code: RpcErrorCode.invalidRequest,
    message: /send JSON-RPC with POST/,
  },
  {
    name: 'another path',
    send: () => post(`${url}admin`, request('custos_status')),
    status: 404,
    code: RpcErrorCode.invalidRequest,
    message: /no such path "\/admin"/,
  },
  {
    name: 'an empty batch',
    send: () => send('[]'),
    code: RpcErrorCode.invalidRequest,
    message: /the batch is empty/,
  },
  {
    name: 'a batch over the cap (51 calls)',
    send: () =>
      send(
        JSON.stringify(
          Array.from({ length: 51 }, (_, i) => ({
            jsonrpc: '2.0',
            id: i,
            method: 'custos_status',
          })),
        ),
      ),
    code: RpcErrorCode.invalidRequest,
    message: /the batch holds 51 calls; the limit is 50/,
    data: { calls: 51, limit: 50 },
  },
  // params
  {
    name: 'params as a list',
    send: () => send(request('custos_getHeader', ['1'])),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: params: must be an object of named params/,
  },
  {
    name: 'height not a number',
    send: () => send(request('custos_getHeader', { height: 'one' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: height: must be a decimal integer string/,
    data: { field: 'height' },
  },
  {
    name: 'height negative',
    send: () => send(request('custos_getHeader', { height: -1 })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: height: /,
    data: { field: 'height' },
  },
  {
    name: 'height over uint64',
    send: () => send(request('custos_getHeader', { height: '18446744073709551616' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: height: does not fit in uint64/,
  },
  {
    name: 'an unknown param',
    send: () => send(request('custos_getHeader', { height: '1', verbose: true })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: verbose: is not a parameter of this method/,
    data: { field: 'verbose' },
  },
  {
    name: 'a __proto__ member in params',
    send: () =>
      send(
        '{"jsonrpc":"2.0","id":1,"method":"custos_getHeader","params":{"__proto__":{"height":"0"}}}',
      ),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: __proto__: is not a parameter of this method/,
  },
  {
    name: 'params nested 100,000 deep',
    send: () =>
      send(
        `{"jsonrpc":"2.0","id":1,"method":"custos_getBalances","params":{"address":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
      ),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: address: /,
  },
  {
    name: 'a header range over 100',
    send: () => send(request('custos_getHeaders', { from: '0', to: '100' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: to: the range 0\.\.100 holds 101 headers; ask for at most 100/,
  },
  {
    name: 'a header range backwards',
    send: () => send(request('custos_getHeaders', { from: '5', to: '1' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: to: must not be below from/,
  },
  {
    name: 'a missing param',
    send: () => send(request('custos_getHeaders', { from: '0' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: to: is required/,
    data: { field: 'to' },
  },
  {
    name: 'an address that is too short',
    send: () => send(request('custos_getParticipant', { address: '0x1234' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: address: must be a 0x-prefixed 20-byte hex address/,
  },
  {
    name: 'a lowercase symbol',
    send: () => send(request('custos_getToken', { symbol: 'acme' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: symbol: must be a token symbol/,
  },
  {
    name: 'a tx id that is not 32 bytes',
    send: () => send(request('custos_getTx', { id: '0x1234' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: id: must be 0x-prefixed 32-byte hex/,
  },
  {
    name: 'a tx that is not hex',
    send: () => send(request('custos_submitTx', { tx: 'hello' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: tx: must be the signed transaction as 0x-hex/,
  },
  {
    name: 'a tx over 16 KiB',
    send: () => send(request('custos_submitTx', { tx: `0x${'00'.repeat(16 * 1024 + 1)}` })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: tx: is over 16384 bytes/,
  },
  {
    name: 'a state key that does not exist',
    send: () => send(request('custos_getState', { key: 'secrets' })),
    code: RpcErrorCode.invalidParams,
    message: /"secrets" is not a public state key/,
  },
  {
    name: 'an empty list of symbols',
    send: () => send(request('custos_getBalances', { address: alice.address, symbols: [] })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: symbols: /,
  },
  // chain refusals and missing records
  {
    name: 'a tx that does not decode',
    send: () => send(request('custos_submitTx', { tx: '0xc0' })),
    code: RpcErrorCode.chainRefused,
    message: /transaction/,
    data: { code: 'MALFORMED' },
  },
  {
    name: 'a tx whose nonce is used',
    send: () =>
      send(
        request('custos_submitTx', {
          tx: txHex(sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 1n })),
        }),
      ),
    code: RpcErrorCode.chainRefused,
    message: /Nonce 0 for 0x[0-9a-f]{40} is not the next nonce \(2\); it was already used/,
    data: { code: 'NONCE_MISMATCH', details: { expected: '2', actual: '0' } },
  },
  {
    name: 'a tx for another chain',
    send: () =>
      send(
        request('custos_submitTx', {
          tx: txHex(
            sign(bob, 'Transfer', { symbol: 'ACME', to: alice.address, amount: 1n }, 0n, {
              ...testDomain,
              chainId: 1n,
            }),
          ),
        }),
      ),
    code: RpcErrorCode.chainRefused,
    message: /for chain 1; this network is chain 7001/,
    data: { code: 'WRONG_CHAIN' },
  },
  {
    name: 'a block above the head',
    send: () => send(request('custos_getHeader', { height: '99' })),
    code: RpcErrorCode.notFound,
    message: /^not found: no block at height 99; the head is 1/,
  },
  {
    name: 'the commit of the genesis block',
    send: () => send(request('custos_getCommit', { height: '0' })),
    code: RpcErrorCode.notFound,
    message: /the genesis block \(height 0\) has no commit/,
  },
  {
    name: 'an unknown instruction',
    send: () =>
      send(
        request(
          'custos_getInstruction',
          signed(alice, 'custos_getInstruction', { id: `0x${'00'.repeat(32)}` }),
        ),
      ),
    code: RpcErrorCode.notFound,
    message: /^not found: no instruction 0x0{64}/,
  },
  // private state and authentication
  {
    name: 'private state through custos_getState',
    send: () => send(request('custos_getState', { key: `balance/ACME/${alice.address}` })),
    code: RpcErrorCode.notAuthorized,
    message: /is private state; read it with custos_getBalances/,
  },
  {
    name: 'unsigned private query',
    send: () => send(request('custos_getBalances', aliceBalances)),
    code: RpcErrorCode.authenticationRequired,
    message: /^authentication required: custos_getBalances reads private data/,
  },
  {
    name: 'query signed by another investor',
    send: () =>
      send(request('custos_getBalances', signed(bob, 'custos_getBalances', aliceBalances))),
    code: RpcErrorCode.notAuthorized,
    message: new RegExp(
      `^not authorized: ${bob.address} may not read its balances; only the address itself, ` +
        'its members if it is a multi-approver account, ' +
        `holders of the auditor role, holders of the regulator role of ${alice.address} may`,
    ),
  },
  {
    name: 'instruction read by a non-party',
    send: () =>
      send(
        request(
          'custos_getInstruction',
          signed(bob, 'custos_getInstruction', { id: instructionId }),
        ),
      ),
    code: RpcErrorCode.notAuthorized,
    message: /^not authorized: 0x[0-9a-f]{40} may not read instruction 0x/,
  },
  {
    name: 'claims read by another investor',
    send: () =>
      send(
        request(
          'custos_getParticipantClaims',
          signed(carol, 'custos_getParticipantClaims', aliceBalances),
        ),
      ),
    code: RpcErrorCode.notAuthorized,
    message: /may not read its claims/,
  },
  {
    name: 'expired auth (10 minutes old)',
    send: () =>
      send(
        request(
          'custos_getBalances',
          signed(alice, 'custos_getBalances', aliceBalances, nowSeconds() - 600n),
        ),
      ),
    code: RpcErrorCode.authenticationFailed,
    message: /^authentication failed: auth\.issuedAt \d+ is 600 s before the server time/,
  },
  {
    name: 'auth from the future (10 minutes ahead)',
    send: () =>
      send(
        request(
          'custos_getBalances',
          signed(alice, 'custos_getBalances', aliceBalances, nowSeconds() + 600n),
        ),
      ),
    code: RpcErrorCode.authenticationFailed,
    message: /is 600 s after the server time/,
  },
  {
    name: 'auth over different params',
    send: () => {
      const { auth } = signed(bob, 'custos_getBalances', { address: bob.address })
      return send(request('custos_getBalances', { address: alice.address, auth }))
    },
    code: RpcErrorCode.authenticationFailed,
    message: new RegExp(
      `^authentication failed: the signature recovers 0x[0-9a-f]{40}, not auth\\.signer ${bob.address}`,
    ),
  },
  {
    name: 'auth signed for another method',
    send: () => {
      const { auth } = signed(alice, 'custos_getNonce', aliceBalances)
      return send(request('custos_getBalances', { ...aliceBalances, auth }))
    },
    code: RpcErrorCode.authenticationFailed,
    message: /the signature recovers/,
  },
  {
    name: 'auth signed for another chain',
    send: () => {
      const auth = signRpcRequest({
        domain: { ...testDomain, chainId: 1n },
        method: 'custos_getBalances',
        params: aliceBalances,
        issuedAt: nowSeconds(),
        privateKey: alice.key,
      })
      return send(request('custos_getBalances', { ...aliceBalances, auth }))
    },
    code: RpcErrorCode.authenticationFailed,
    message: /the signature recovers .* domain of chain 7001/,
  },
  {
    name: 'auth claiming a signer it was not signed by',
    send: () => {
      const { auth } = signed(alice, 'custos_getBalances', aliceBalances) as {
        auth: Record<string, unknown>
      }
      return send(
        request('custos_getBalances', {
          ...aliceBalances,
          auth: { ...auth, signer: auditor.address },
        }),
      )
    },
    code: RpcErrorCode.authenticationFailed,
    message: new RegExp(`recovers ${alice.address}, not auth\\.signer ${auditor.address}`),
  },
  {
    name: 'auth with a malformed signature',
    send: () =>
      send(
        request('custos_getBalances', {
          ...aliceBalances,
          auth: { signer: alice.address, issuedAt: nowSeconds().toString(), signature: '0x12' },
        }),
      ),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: auth\.signature: must be a 65-byte 0x-hex signature/,
    data: { field: 'auth.signature' },
  },
  {
    name: 'auth with a signature that recovers nobody (v = 29)',
    send: () =>
      send(
        request('custos_getBalances', {
          ...aliceBalances,
          auth: {
            signer: alice.address,
            issuedAt: nowSeconds().toString(),
            signature: `0x${'11'.repeat(64)}1d`,
          },
        }),
      ),
    code: RpcErrorCode.authenticationFailed,
    message: /^authentication failed: Bad signature: v must be 27 or 28/,
  },
  {
    name: 'auth that is not an object',
    send: () => send(request('custos_getBalances', { ...aliceBalances, auth: 'alice' })),
    code: RpcErrorCode.invalidParams,
    message: /^invalid params: auth: must be an object \{ signer, issuedAt, signature \}/,
  },
]

describe('HTTP bad inputs', () => {
  it.each(rows)('$name', async (row) => {
    const reply = await row.send()
    expect(reply.status).toBe(row.status ?? 200)
    const body = reply.body as RpcResponse
    expect(body.jsonrpc).toBe('2.0')
    expect(body.error?.code).toBe(row.code)
    expect(body.error?.message).toMatch(row.message)
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/)
    if (row.data) expect(body.error?.data).toMatchObject(row.data)
  })

  it('a bad call inside a batch fails alone', async () => {
    const reply = await send(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'custos_nope' },
        { jsonrpc: '2.0', id: 2, method: 'custos_getHeader', params: { height: '0' } },
        5,
      ]),
    )
    const body = reply.body as RpcResponse[]
    expect(body.map((r) => [r.id, r.error?.code ?? 'ok'])).toEqual([
      [1, RpcErrorCode.methodNotFound],
      [2, 'ok'],
      [null, RpcErrorCode.invalidRequest],
    ])
  })
})

describe('rate limit', () => {
  it('refuses calls over the per-IP budget with 429 and -32005, then serves again', async () => {
    let clock = Date.now()
    const limited = await startRpc({
      limits: { rateLimit: { burst: 3, perSecond: 1 } },
      now: () => clock,
    })
    try {
      for (let i = 0; i < 3; i++)
        expect((await call(limited.rpc.url, 'custos_status')).result).toBeDefined()
      const refused = await post(limited.rpc.url, request('custos_status'))
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('1')
      expect(refused.body).toMatchObject({
        error: {
          code: RpcErrorCode.rateLimited,
          message: expect.stringMatching(/^rate limited: .*retry in 1000 ms/),
          data: { retryAfterMs: 1000 },
        },
      })
      // a batch costs one call per entry
      clock += 2_000
      const batch = await post(
        limited.rpc.url,
        JSON.stringify([1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, method: 'custos_status' }))),
      )
      expect(batch.status).toBe(429)
      // WebSocket calls spend the same budget
      clock += 10_000
      const ws = await WsClient.open(limited.rpc.wsUrl)
      for (let i = 0; i < 2; i++) expect((await ws.request('custos_status')).result).toBeDefined()
      expect((await ws.request('custos_status')).error?.code).toBe(RpcErrorCode.rateLimited)
      ws.close()
      clock += 10_000
      expect((await call(limited.rpc.url, 'custos_status')).result).toMatchObject({
        chainId: '7001',
      })
    } finally {
      await limited.close()
    }
  })
})

describe('WebSocket bad inputs', () => {
  let ws: WsClient
  beforeAll(async () => {
    ws = await WsClient.open(h.rpc.wsUrl)
  })
  afterAll(() => ws.close())

  it('malformed JSON', async () => {
    const reply = await ws.sendRaw('{nope')
    expect(reply?.error?.code).toBe(RpcErrorCode.parseError)
    expect(reply?.error?.message).toMatch(/^parse error: the message is not valid JSON/)
  })

  it('an unknown topic', async () => {
    const reply = await ws.request('custos_subscribe', { topic: 'everything' })
    expect(reply.error).toMatchObject({
      code: RpcErrorCode.invalidParams,
      data: { field: 'topic' },
    })
  })

  it('an unsigned address subscription', async () => {
    const reply = await ws.request('custos_subscribe', { topic: 'address', address: alice.address })
    expect(reply.error?.code).toBe(RpcErrorCode.authenticationRequired)
  })

  it('an address subscription by another investor', async () => {
    const reply = await ws.request(
      'custos_subscribe',
      signed(bob, 'custos_subscribe', { topic: 'address', address: alice.address }),
    )
    expect(reply.error?.code).toBe(RpcErrorCode.notAuthorized)
    expect(reply.error?.message).toMatch(/may not read its activity/)
  })

  it('more subscriptions than a connection may hold', async () => {
    const capped = await startRpc({ limits: { maxSubscriptionsPerConnection: 2 } })
    try {
      const client = await WsClient.open(capped.rpc.wsUrl)
      for (let i = 0; i < 2; i++)
        expect((await client.request('custos_subscribe', { topic: 'newHeads' })).result).toBeTypeOf(
          'string',
        )
      const third = await client.request('custos_subscribe', { topic: 'newHeads' })
      expect(third.error).toMatchObject({
        code: RpcErrorCode.subscriptionLimit,
        message: expect.stringMatching(/^subscription limit: this connection holds 2/),
      })
      // the existing subscriptions still work
      capped.backend.produceBlock()
      expect(await client.notification()).toMatchObject({ method: 'custos_subscription' })
      client.close()
    } finally {
      await capped.close()
    }
  })

  it('a message over the size limit closes the connection with 1009', async () => {
    const small = await startRpc({ limits: { maxWsMessageBytes: 1024 } })
    try {
      const client = await WsClient.open(small.rpc.wsUrl)
      client.ws.send(request('custos_getState', { key: 'x'.repeat(2048) }))
      expect((await client.closed).code).toBe(1009)
      // new connections are still served
      const again = await WsClient.open(small.rpc.wsUrl)
      expect((await again.request('custos_status')).result).toBeDefined()
      again.close()
    } finally {
      await small.close()
    }
  })

  it('an upgrade on another path is refused', async () => {
    const socket = new WebSocket(h.rpc.wsUrl.replace('/ws', '/other'))
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve))
    expect(error.message).toMatch(/404/)
  })

  it('still answers on the same connection', async () => {
    expect((await ws.request('custos_getHeader', { height: '0' })).result).toMatchObject({
      height: '0',
    })
    expect(await result(url, 'custos_getParticipant', { address: alice.address })).toMatchObject({
      name: 'alice',
    })
  })
})

describe('node states', () => {
  it('proven reads are served against the head while the next block is staged', async () => {
    const staging = await startRpc()
    try {
      const { chain } = staging.backend
      // a block that changes the state root, then an empty one that keeps it
      chain.submit(sign(bob, 'Transfer', { symbol: 'ACME', to: alice.address, amount: 1n }))
      for (const height of ['1', '2']) {
        const before = chain.head()
        const proposed = chain.proposeBlock()
        const during = await result(staging.rpc.url, 'custos_getToken', { symbol: 'ACME' })
        expect(during['height']).toBe(before.height.toString())
        expect(during['stateRoot']).toBe(before.header.stateRoot)
        await verifyStateProof(before.header.stateRoot, during['proof'] as StateProof)
        chain.commitBlock(proposed.block, chain.signCommit(proposed.block))
        const token = await result(staging.rpc.url, 'custos_getToken', { symbol: 'ACME' })
        expect(token['height']).toBe(height)
      }
    } finally {
      await staging.close()
    }
  })

  it('an unexpected failure is -32603 without details, and reaches the node log', async () => {
    const logged: unknown[] = []
    const broken = await startRpc({ onInternalError: (error) => logged.push(error) })
    try {
      broken.backend.status = () => {
        throw new Error('secret detail at /srv/node/status.ts:12')
      }
      const reply = await post(broken.rpc.url, request('custos_status'))
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({
        jsonrpc: '2.0',
        id: 1,
        error: { code: RpcErrorCode.internalError, message: 'internal error: see the node log' },
      })
      expect(logged).toHaveLength(1)
      expect(String(logged[0])).toMatch(/secret detail/)
      // other methods are unaffected
      expect(await result(broken.rpc.url, 'custos_getHeader')).toMatchObject({ height: '0' })
    } finally {
      await broken.close()
    }
  })

  it('refuses WebSocket connections over the per-IP cap with HTTP 429', async () => {
    const capped = await startRpc({ limits: { maxWsConnectionsPerIp: 2 } })
    try {
      const open = [await WsClient.open(capped.rpc.wsUrl), await WsClient.open(capped.rpc.wsUrl)]
      await expect(WsClient.open(capped.rpc.wsUrl)).rejects.toThrow(/429/)
      open[0]?.close()
      await open[0]?.closed
      const again = await WsClient.open(capped.rpc.wsUrl)
      expect((await again.request('custos_status')).result).toBeDefined()
      again.close()
      open[1]?.close()
    } finally {
      await capped.close()
    }
  })
})
