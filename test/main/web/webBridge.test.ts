/**
 * The web bridge on 127.0.0.1 against real parts: a one-validator node in this process, the
 * services in remote mode (light client from a trusted block, encrypted records, a simulated
 * device connector) and a real WebSocket client. Connections without the token, with a wrong
 * one or from another site are refused; bad payloads get a typed error; app info and network
 * status are answered; the built renderer's files are served with the app's CSP.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { fileKeyStore } from '../../../src/main/services/keyStore'
import { startServices } from '../../../src/main/services/startServices'
import type { Services } from '../../../src/main/services/types'
import { startWebBridge, type WebBridge } from '../../../src/main/web/server'
import { CustosRpc, privateKeySigner } from '../../../src/node/client'
import { fromHex } from '../../../src/node/protocol'
import { simulatedConnector, simulatedDevice } from '../../../src/shared/signer'
import {
  BridgeCallError,
  connectWebBridge,
  type WebSocketLike,
} from '../../../src/shared/webBridgeClient'
import { startSingleNode, type SingleNode } from '../../node/client/singleNode'

let net: SingleNode
let dataDir: string
let services: Services
let bridge: WebBridge

beforeAll(async () => {
  net = await startSingleNode()
  dataDir = mkdtempSync(join(tmpdir(), 'custos-web-'))
  const rpc = new CustosRpc(net.url)
  const status = await rpc.status()
  const first = await rpc.call<{ hash: `0x${string}` }>('custos_getHeader', { height: '1' })
  const alice = net.people.get('alice')
  if (!alice) throw new Error('no demo alice')
  services = await startServices({
    dataDir,
    keyStore: fileKeyStore(join(dataDir, 'records.key')),
    remote: {
      rpcUrl: net.url,
      trustedRoot: { height: 1n, hash: first.hash },
      chain: { chainId: BigInt(status.chainId), verifyingContract: status.verifyingContract },
      connector: simulatedConnector([simulatedDevice('0')]),
      reader: privateKeySigner(fromHex(alice.privateKey)),
      accounts: [],
    },
  })
  const rendererDir = join(dataDir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Custos</title>')
  bridge = await startWebBridge({ services, rendererDir })
}, 60_000)

afterAll(async () => {
  await bridge?.close()
  await services?.stop()
  await net?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Opens a socket; resolves when open, rejects with the refusal's status code. */
function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_request, response) => {
      reject(new Error(`refused ${response.statusCode}`))
      ws.terminate()
    })
    ws.once('error', reject)
  })
}

/** Sends one frame and waits for the reply. */
function ask(ws: WebSocket, frame: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>))
    ws.send(frame)
  })
}

describe('the web bridge', () => {
  it('refuses a connection without the token, with a wrong one, or from another site', async () => {
    await expect(connect('')).rejects.toThrow('refused 401')
    await expect(connect(`?token=${'0'.repeat(64)}`)).rejects.toThrow('refused 401')
    await expect(connect(`?token=${bridge.token}x`)).rejects.toThrow('refused 401')
    await expect(
      connect(`?token=${bridge.token}`, { Origin: 'https://evil.example' }),
    ).rejects.toThrow('refused 403')
    await expect(
      connect(`?token=${bridge.token}`, { Host: `attacker.example:${bridge.port}` }),
    ).rejects.toThrow('refused 421')
  })

  it('answers app info and the network status', async () => {
    const ws = await connect(`?token=${bridge.token}`)
    const info = await ask(ws, JSON.stringify({ id: 1, channel: 'custos:app-info', request: {} }))
    expect(info).toMatchObject({ id: 1, ok: true, response: { name: 'Custos', electron: '' } })

    const status = await ask(
      ws,
      JSON.stringify({ id: 'n', channel: 'custos:network-status', request: { latestBlocks: 2 } }),
    )
    expect(status).toMatchObject({
      id: 'n',
      ok: true,
      response: { mode: 'remote', chainId: '7001' },
    })
    const response = status['response'] as { validators: unknown[]; latestBlocks: unknown[] }
    expect(response.validators).toHaveLength(1)
    expect(response.latestBlocks.length).toBeGreaterThan(0)
    ws.close()
  })

  it('validates every payload and answers a typed error', async () => {
    const ws = await connect(`?token=${bridge.token}`)
    expect(await ask(ws, 'not json')).toMatchObject({
      id: null,
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    })
    expect(
      await ask(ws, JSON.stringify({ id: 2, channel: 'custos:nope', request: {} })),
    ).toMatchObject({ id: 2, ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    const bad = await ask(
      ws,
      JSON.stringify({ id: 3, channel: 'custos:account-details', request: { account: 'bank' } }),
    )
    expect(bad).toMatchObject({ id: 3, ok: false, error: { code: 'INVALID_REQUEST' } })
    expect((bad['error'] as { message: string }).message).toContain('account')
    const extra = await ask(
      ws,
      JSON.stringify({ id: 4, channel: 'custos:app-info', request: { admin: true } }),
    )
    expect(extra).toMatchObject({ id: 4, ok: false, error: { code: 'INVALID_REQUEST' } })
    const unknownAccount = await ask(
      ws,
      JSON.stringify({
        id: 5,
        channel: 'custos:account-holdings',
        request: { account: `0x${'1'.repeat(40)}` },
      }),
    )
    expect(unknownAccount).toMatchObject({ id: 5, ok: false, error: { code: 'NOT_FOUND' } })
    ws.close()
  })

  it("gives the renderer's client the same named functions as the preload", async () => {
    const client = await connectWebBridge({
      url: `ws://127.0.0.1:${bridge.port}/`,
      token: bridge.token,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    })
    expect((await client.bridge.appInfo()).name).toBe('Custos')
    expect((await client.bridge.networkStatus({ latestBlocks: 1 })).latestBlocks).toHaveLength(1)
    expect((await client.bridge.listDevices()).devices[0]?.label).toBe('Simulated device')
    const refused = await client.bridge.accountDetails({ account: 'bank' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(BridgeCallError)
    expect((refused as BridgeCallError).code).toBe('INVALID_REQUEST')
    client.close()
    await expect(
      connectWebBridge({
        url: `ws://127.0.0.1:${bridge.port}/`,
        token: 'wrong',
        createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
  })

  it('serves the built renderer with the app CSP, and nothing outside it', async () => {
    const page = await fetch(bridge.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('<title>Custos</title>')
    const outside = await fetch(`${bridge.url}..%2f..%2frecords.key`)
    expect(outside.status).toBe(404)
  })
})
