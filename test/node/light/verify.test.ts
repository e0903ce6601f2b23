/**
 * Header verification rules on synthetic chains (no node): adjacent and skipping verification
 * with their exact thresholds (more than 2/3 of the block's own set; more than 1/3 of the
 * trusted set to skip), links, times, chain ids and the trusting period; bisection across
 * frequent set changes; backwards verification; and the memory bound on kept headers.
 */
import { describe, expect, it } from 'vitest'
import { nativeRecoverAddress } from '../../../src/node/chain'
import {
  LightClient,
  LightClientError,
  verifyAdjacent,
  verifyLightBlock,
  verifySkipping,
  type LightBlock,
  type VerifyOptions,
} from '../../../src/node/light'
import { headerHash } from '../../../src/node/protocol'
import {
  MemoryProvider,
  SyntheticChain,
  syntheticDomain,
  syntheticValidators,
  type SyntheticValidator,
} from './syntheticChain'

const DAY = 86_400_000n

function opts(over: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    domain: syntheticDomain,
    trustingPeriodMs: 14n * DAY,
    maxClockDriftMs: 10_000n,
    now: BigInt(Date.now()),
    recover: nativeRecoverAddress,
    source: 'memory://primary',
    ...over,
  }
}

function reasonOf(run: () => void): string | undefined {
  try {
    run()
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(LightClientError)
    return (error as LightClientError).reason
  }
}

const fourOfTen = syntheticValidators(4)
const [a0, a1, a2] = fourOfTen as [SyntheticValidator, SyntheticValidator, SyntheticValidator]

describe('verifyAdjacent', () => {
  const chain = new SyntheticChain({
    length: 10,
    signersAt: (h, set) => (h === 7n ? set.slice(0, 2) : h === 8n ? set.slice(0, 3) : set),
  })

  it('accepts each next block, signed by more than 2/3 of its set', () => {
    for (let h = 1n; h <= 6n; h++) verifyAdjacent(chain.block(h - 1n), chain.block(h), opts())
    // 3 of 4 equal powers: 30 of 40 is more than 2/3
    verifyAdjacent(chain.block(7n), chain.block(8n), opts())
  })

  it('refuses exactly half of the power', () => {
    expect(reasonOf(() => verifyAdjacent(chain.block(6n), chain.block(7n), opts()))).toBe(
      'insufficient-power',
    )
  })

  it('refuses a block that does not extend the trusted one', () => {
    // another chain of the same id and validators, a little later: signed, but not linked
    const other = new SyntheticChain({ length: 3, genesisTimeMs: chain.header(0n).timeMs + 500n })
    const error = (() => {
      try {
        verifyAdjacent(chain.block(1n), other.block(2n), opts())
      } catch (e) {
        return e as LightClientError
      }
    })()
    expect(error?.reason).toBe('invalid-header')
    expect(error?.message).toMatch(/does not extend the trusted block 1/)
  })

  it('refuses a block from the future and one from another chain', () => {
    const now = chain.header(3n).timeMs - 60_000n
    expect(reasonOf(() => verifyAdjacent(chain.block(2n), chain.block(3n), opts({ now })))).toBe(
      'invalid-header',
    )
    const otherChain = opts({ domain: { ...syntheticDomain, chainId: 1n } })
    expect(reasonOf(() => verifyAdjacent(chain.block(2n), chain.block(3n), otherChain))).toBe(
      'wrong-chain',
    )
  })

  it('refuses a trusted block older than the trusting period, exactly at its end', () => {
    const trusted = chain.block(2n)
    const now = trusted.header.timeMs + 14n * DAY
    expect(reasonOf(() => verifyAdjacent(trusted, chain.block(3n), opts({ now })))).toBe(
      'trust-expired',
    )
    verifyAdjacent(trusted, chain.block(3n), opts({ now: now - 1n, maxClockDriftMs: 30n * DAY }))
  })

  it('follows a set change, and refuses a set the trusted header did not announce', () => {
    const newSet = syntheticValidators(3, 10n, 100)
    const changing = new SyntheticChain({
      length: 8,
      setAt: (h) => (h < 5n ? fourOfTen : newSet),
    })
    verifyAdjacent(changing.block(4n), changing.block(5n), opts())
    const swapped: LightBlock = { ...changing.block(5n), validators: changing.block(4n).validators }
    expect(reasonOf(() => verifyAdjacent(changing.block(4n), swapped, opts()))).toBe(
      'wrong-validator-set',
    )
  })

  it('refuses a commit with a forged or foreign signature', () => {
    const block = chain.block(4n)
    const [first, second] = block.commit.signatures
    const forged: LightBlock = {
      ...block,
      commit: {
        ...block.commit,
        signatures: [
          { ...first!, signature: second!.signature },
          ...block.commit.signatures.slice(1),
        ],
      },
    }
    expect(reasonOf(() => verifyAdjacent(chain.block(3n), forged, opts()))).toBe('bad-commit')
    const unsorted: LightBlock = {
      ...block,
      commit: { ...block.commit, signatures: [...block.commit.signatures].reverse() },
    }
    expect(reasonOf(() => verifyAdjacent(chain.block(3n), unsorted, opts()))).toBe('bad-commit')
  })
})

describe('verifySkipping', () => {
  // three validators of 10 until height 10; then a set sharing `shared` of them
  function chainSharing(shared: readonly SyntheticValidator[]) {
    const before = [a0, a1, a2]
    const after = [...shared, ...syntheticValidators(4, 10n, 200)]
    return new SyntheticChain({ length: 20, setAt: (h) => (h <= 10n ? before : after) })
  }

  it('skips when more than 1/3 of the trusted set signed', () => {
    const chain = chainSharing([a0, a1])
    verifySkipping(chain.block(0n), chain.block(20n), opts())
  })

  it('needs more than 1/3: exactly 1/3 is insufficient trust (bisection takes over)', () => {
    const chain = chainSharing([a0])
    expect(reasonOf(() => verifySkipping(chain.block(0n), chain.block(20n), opts()))).toBe(
      'insufficient-trust',
    )
    // from a block of the new set, skipping works again
    verifyLightBlock(chain.block(11n), chain.block(20n), opts())
  })

  it('still needs more than 2/3 of the block’s own set', () => {
    const chain = new SyntheticChain({
      length: 12,
      signersAt: (h, set) => (h === 12n ? set.slice(0, 2) : set),
    })
    expect(reasonOf(() => verifySkipping(chain.block(0n), chain.block(12n), opts()))).toBe(
      'insufficient-power',
    )
  })
})

describe('LightClient on synthetic chains', () => {
  it('bisects through a set that is replaced every 10 blocks', async () => {
    const sets = Array.from({ length: 21 }, (_, i) => syntheticValidators(4, 10n, 1_000 + i * 4))
    const chain = new SyntheticChain({
      length: 200,
      setAt: (h) => sets[Number(h / 10n)] as SyntheticValidator[],
    })
    const primary = new MemoryProvider(chain)
    const light = await LightClient.create({
      root: { kind: 'block', block: chain.block(0n) },
      chain: chain.chain,
      primary,
      witnesses: [new MemoryProvider(chain, 'memory://witness')],
    })
    const synced = await light.sync()
    expect(synced.header.height).toBe(200n)
    // every change needs the block before and the first block of the new set
    for (let h = 9n; h < 200n; h += 10n) expect(light.verifiedAt(h), `height ${h}`).toBeDefined()
    expect(primary.asked.length).toBeLessThan(200)
  })

  it('verifies blocks below its root backwards by hash links', async () => {
    const chain = new SyntheticChain({ length: 60 })
    const light = await LightClient.create({
      root: { kind: 'block', block: chain.block(50n) },
      chain: chain.chain,
      primary: new MemoryProvider(chain),
    })
    const past = await light.sync(45n)
    expect(past.header).toEqual(chain.header(45n))
    expect(light.verifiedHeights()).toEqual([45n, 46n, 47n, 48n, 49n, 50n])
  })

  it('refuses a root whose commit lacks the power', async () => {
    const chain = new SyntheticChain({
      length: 5,
      signersAt: (h, set) => (h === 3n ? set.slice(0, 1) : set),
    })
    const error = await LightClient.create({
      root: { kind: 'hash', height: 3n, hash: headerHash(chain.header(3n)) },
      chain: chain.chain,
      primary: new MemoryProvider(chain),
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ reason: 'insufficient-power' })
  })

  it('keeps at most maxKeptHeaders verified headers, and always the root', async () => {
    const chain = new SyntheticChain({ length: 30 })
    const light = await LightClient.create({
      root: { kind: 'block', block: chain.block(0n) },
      chain: chain.chain,
      primary: new MemoryProvider(chain),
      maxKeptHeaders: 5,
    })
    for (let h = 1n; h <= 30n; h++) await light.sync(h)
    expect(light.verifiedHeights()).toEqual([0n, 27n, 28n, 29n, 30n])
    expect(light.latest().header.height).toBe(30n)
  })
})
