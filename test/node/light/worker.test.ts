/**
 * The light client in its worker thread: started with plain data (genesis root, node URLs), it
 * announces progress and headers, syncs and serves proven state on request, signs private
 * reads through the app's thread, reports typed errors, follows the head, and stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerHash, signRpcRequest } from '../../../src/node/protocol'
import { LightClientError, type LightBlock, type SyncProgress } from '../../../src/node/light'
import { startLightWorker, type LightWorkerHandle } from '../../../src/node/light/worker'
import { keys } from '../../../src/node/state'
import { alice, testDomain } from '../../fixtures/network'
import { startDevnet, TRUST_A_YEAR, type Devnet } from './devnet'

let devnet: Devnet
const handles: LightWorkerHandle[] = []

beforeAll(async () => {
  devnet = await startDevnet({ withSetChange: true, blocks: 16 })
})

afterAll(async () => {
  await Promise.all(handles.map((h) => h.stop()))
  await devnet.close()
})

function start(options: Partial<Parameters<typeof startLightWorker>[0]> = {}) {
  const handle = startLightWorker({
    root: { kind: 'genesis', genesis: devnet.genesis },
    primary: devnet.rpc.url,
    witnesses: [devnet.rpc.url],
    trustingPeriodMs: TRUST_A_YEAR,
    ...options,
  })
  handles.push(handle)
  return handle
}

describe('light worker', () => {
  it('syncs in its thread, announcing progress and each verified header', async () => {
    const light = start()
    const progress: SyncProgress[] = []
    const headers: LightBlock[] = []
    light.on('progress', (e) => progress.push(e.progress))
    light.on('header', (e) => headers.push(e.block))
    const root = await light.ready
    expect(root.header.height).toBe(0n)
    const synced = await light.sync()
    expect(headerHash(synced.header)).toBe(devnet.chain.head().hash)
    expect(headers.at(-1)?.header.height).toBe(synced.header.height)
    expect(progress.at(-1)).toMatchObject({ height: synced.header.height })
    const token = await light.provenState(keys.token('ACME'))
    expect(token.value).toMatchObject({ symbol: 'ACME' })
    expect(token.stateRoot).toBe(devnet.header(token.height).stateRoot)
  })

  it('signs private reads on the calling thread', async () => {
    const asked: string[] = []
    const light = start({
      authorize: ({ method, params }) => {
        asked.push(method)
        return signRpcRequest({
          domain: testDomain,
          method,
          params,
          issuedAt: BigInt(Math.floor(Date.now() / 1000)),
          privateKey: alice.key,
        })
      },
    })
    const balance = await light.provenState(keys.balance('ACME', alice.address))
    expect(balance.value).toBe(1_000_000n)
    expect(asked).toEqual(['custos_getBalances'])
  })

  it('rejects with the typed error the client raised', async () => {
    const light = start({ trustingPeriodMs: 60_000 })
    const error = await light.sync().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LightClientError)
    expect(error).toMatchObject({ reason: 'trust-expired' })
  })

  it('follows the head on an interval', async () => {
    const light = start({ followIntervalMs: 50 })
    await light.ready
    const before = devnet.chain.head().height
    for (let i = 0; i < 3; i++) devnet.net.block()
    const reached = await new Promise<bigint>((resolve) =>
      light.on('header', (e) => {
        if (e.block.header.height === before + 3n) resolve(e.block.header.height)
      }),
    )
    expect(reached).toBe(before + 3n)
  })

  it('stops: the thread ends and later requests fail with stopped', async () => {
    const light = start()
    await light.ready
    await light.stop()
    await expect(light.sync()).rejects.toMatchObject({ reason: 'stopped' })
  })

  it('reports a start-up failure through ready', async () => {
    const light = start({
      primary: 'http://127.0.0.1:9/',
      root: { kind: 'hash', height: 1n, hash: `0x${'00'.repeat(32)}` },
      chain: { chainId: 7001n, verifyingContract: testDomain.verifyingContract },
      retries: 0,
    })
    await expect(light.ready).rejects.toMatchObject({ reason: 'unreachable' })
  })
})
