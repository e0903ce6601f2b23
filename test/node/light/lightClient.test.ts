/**
 * The light client against a real devnet over JSON-RPC on 127.0.0.1, whose validator set
 * changes by governance (validator-5 joins with power 100, validators 1–3 leave): it syncs from
 * the genesis document, bisects across the change, keeps only headers it verified, follows the
 * new set, and serves state only with proofs that hold against verified state roots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerHash, signRpcRequest, validatorSetHash, type Hex } from '../../../src/node/protocol'
import {
  LightClient,
  LightClientError,
  RpcProvider,
  verifyCommitted,
  type LightBlock,
  type SyncProgress,
} from '../../../src/node/light'
import { keys } from '../../../src/node/state'
import { nativeRecoverAddress } from '../../../src/node/chain'
import { alice, stranger, testDomain, validators } from '../../fixtures/network'
import { changedSet, startDevnet, TRUST_A_YEAR, type Devnet } from './devnet'

let devnet: Devnet
let url: string

beforeAll(async () => {
  devnet = await startDevnet({ withSetChange: true, blocks: 24 })
  url = devnet.rpc.url
})

afterAll(async () => {
  await devnet.close()
})

function client(options: Partial<Parameters<typeof LightClient.create>[0]> = {}) {
  return LightClient.create({
    root: { kind: 'genesis', genesis: devnet.genesis },
    primary: new RpcProvider({ url }),
    trustingPeriodMs: TRUST_A_YEAR,
    ...options,
  })
}

/** Every kept block is the chain's own block, with a commit of more than 2/3 of its set. */
function expectVerified(block: LightBlock): void {
  const { height } = block.header
  expect(headerHash(block.header), `block ${height}`).toBe(headerHash(devnet.header(height)))
  expect(block.validators).toEqual(devnet.chain.validatorSetAt(height))
  if (height > 0n)
    verifyCommitted(block, {
      domain: testDomain,
      trustingPeriodMs: BigInt(TRUST_A_YEAR),
      maxClockDriftMs: 10_000n,
      now: BigInt(Date.now()),
      recover: nativeRecoverAddress,
    })
}

describe('light client on a devnet', () => {
  it('syncs from genesis to the head, bisecting across the validator-set change', async () => {
    const headers: LightBlock[] = []
    const progress: SyncProgress[] = []
    const sunk: bigint[] = []
    const light = await client({
      onHeader: (b) => headers.push(b),
      onProgress: (p) => progress.push(p),
      sink: { onVerified: (b) => void sunk.push(b.header.height) },
    })
    const head = devnet.chain.head()
    const synced = await light.sync()
    expect(synced.header.height).toBe(head.height)
    expect(headerHash(synced.header)).toBe(head.hash)
    // skipping straight to the head fails (1/4 of the genesis set signs it): bisection found
    // blocks in between, and the last one before the change was verified on the way
    expect(headers.length).toBeGreaterThan(1)
    expect(headers.length).toBeLessThan(Number(head.height))
    const change = devnet.changeHeight as bigint
    expect(headers.some((b) => b.header.height < change)).toBe(true)
    expect(synced.validators).toEqual(changedSet)
    expect(synced.header.validatorsHash).toBe(validatorSetHash(changedSet))
    // heights ascend, each was verified, and the sink and progress saw the same blocks
    const heights = headers.map((b) => b.header.height)
    expect(heights).toEqual([...heights].sort((a, b) => (a < b ? -1 : 1)))
    expect(sunk).toEqual(heights)
    for (const block of headers) expectVerified(block)
    expect(progress.at(-1)).toMatchObject({ height: head.height, target: head.height })
    expect(progress.at(-1)?.headersPerSecond).toBeGreaterThan(0)
    expect(light.verifiedHeights()).toEqual([0n, ...heights])
  })

  it('verifies every height in turn through the change (adjacent verification)', async () => {
    const light = await client()
    const head = devnet.chain.head().height
    for (let h = 1n; h <= head; h++) {
      const block = await light.sync(h)
      expectVerified(block)
    }
    const change = devnet.changeHeight as bigint
    expect(light.verifiedAt(change - 1n)?.validators).toHaveLength(validators.length)
    expect(light.verifiedAt(change)?.validators).toEqual(changedSet)
  })

  it('keeps following the chain as it grows, skipping with the new set', async () => {
    const provider = new RpcProvider({ url })
    const asked: Array<bigint | undefined> = []
    const counting = {
      name: provider.name,
      lightBlock: (height?: bigint) => {
        asked.push(height)
        return provider.lightBlock(height)
      },
      state: (key: string) => provider.state(key),
    }
    const light = await client({ primary: counting })
    await light.sync()
    const before = light.latest().header.height
    for (let i = 0; i < 5; i++) devnet.net.block()
    asked.length = 0
    const synced = await light.sync()
    expect(synced.header.height).toBe(before + 5n)
    // the head only: more than 1/3 of the trusted (new) set signed it, so no bisection
    expect(asked).toEqual([undefined])
    expectVerified(synced)
  })

  it('verifies a past height from the closest verified block below it', async () => {
    const light = await client()
    await light.sync()
    const past = (devnet.changeHeight as bigint) + 1n
    const block = await light.sync(past)
    expectVerified(block)
    expect(light.verifiedAt(past)).toBe(block)
  })

  it('serves public state proven against a verified state root', async () => {
    const light = await client()
    const token = await light.provenState(keys.token('ACME'))
    expect(token.value).toMatchObject({ symbol: 'ACME', decimals: 0n })
    expect(token.stateRoot).toBe(devnet.header(token.height).stateRoot)
    expect(light.verifiedAt(token.height)?.header.stateRoot).toBe(token.stateRoot)
    const set = await light.provenState(keys.validators())
    expect(set.value).toEqual(changedSet)
  })

  it('serves private account state (balances) with a signed read, and proven absence', async () => {
    const light = await client({
      primary: new RpcProvider({
        url,
        authorize: ({ method, params }) =>
          signRpcRequest({
            domain: testDomain,
            method,
            params,
            issuedAt: BigInt(Math.floor(Date.now() / 1000)),
            privateKey: alice.key,
          }),
      }),
    })
    const balance = await light.provenState(keys.balance('EURC', alice.address))
    expect(balance.value).toBe(1_000_000n)
    const nonce = await light.provenState(keys.nonce(alice.address))
    expect(nonce.value).toBeNull()
    expect(nonce.raw).toBeNull()
    // alice may not read a stranger's balance: the node refuses, and nothing is returned
    await expect(light.provenState(keys.balance('EURC', stranger.address))).rejects.toMatchObject({
      reason: 'refused',
    })
  })

  it('starts from a block hash the user trusts, and refuses a hash the node does not serve', async () => {
    const height = (devnet.changeHeight as bigint) + 2n
    const hash = headerHash(devnet.header(height))
    const chain = { chainId: testDomain.chainId, verifyingContract: testDomain.verifyingContract }
    const light = await client({ root: { kind: 'hash', height, hash }, chain })
    expect(light.latest().header.height).toBe(height)
    await light.sync()
    expect(light.latest().header.height).toBe(devnet.chain.head().height)
    const wrong = `0x${'ab'.repeat(32)}` as Hex
    const error = await client({ root: { kind: 'hash', height, hash: wrong }, chain }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(LightClientError)
    expect(error).toMatchObject({ reason: 'root-mismatch' })
    expect((error as Error).message).toMatch(/not the hash .* you trust/)
  })

  it('resumes from a block it verified before', async () => {
    const first = await client()
    const resumedFrom = await first.sync((devnet.changeHeight as bigint) - 1n)
    const chain = { chainId: testDomain.chainId, verifyingContract: testDomain.verifyingContract }
    const light = await client({ root: { kind: 'block', block: resumedFrom }, chain })
    const synced = await light.sync()
    expect(synced.validators).toEqual(changedSet)
  })

  it('refuses to skip from a root older than the trusting period', async () => {
    const light = await client({ trustingPeriodMs: 24 * 3_600_000 })
    const error = await light.sync().catch((e: unknown) => e)
    expect(error).toMatchObject({ reason: 'trust-expired' })
    expect((error as Error).message).toMatch(
      /older than the trusting period of 1 day;.*Confirm a recent block hash/,
    )
  })

  it('compares with a witness that agrees, and says so by staying quiet', async () => {
    const warnings: string[] = []
    const light = await client({
      witnesses: [new RpcProvider({ url })],
      onWarning: (w) => warnings.push(w.message),
    })
    await light.sync()
    expect(warnings).toEqual([])
    expect(light.witnesses()).toHaveLength(1)
  })

  it('is unreachable when the primary is not there', async () => {
    const light = await client({
      primary: new RpcProvider({ url: 'http://127.0.0.1:9/' }),
      retries: 0,
    })
    const error = await light.sync().catch((e: unknown) => e)
    expect(error).toMatchObject({ reason: 'unreachable' })
    expect((error as Error).message).toMatch(/could not be reached/)
  })
})
