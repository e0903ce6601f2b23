/**
 * The light blocks an export chooses, on real chains: when the validators that signed the
 * trusted root no longer hold more than 1/3 of the power, or a skip would reach past the
 * trusting period, the bundle goes through blocks in between (bisection), and the bundle
 * verifies; without those blocks it does not, and says why.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ExportBundle } from '../../../../src/node/light/export'
import { govAction, newcomer, VOTING_PERIOD } from '../../../fixtures/governance'
import { alice, validators } from '../../../fixtures/network'
import { exportScenario, readBundle, verify } from './exportFiles'
import { RecordedChain } from './recordedChain'
import type { Scenario } from './scenario'

let net: RecordedChain
afterEach(() => net.close())

const DAY = 86_400_000n

function asScenario(chain: RecordedChain): Scenario {
  const none = `0x${'00'.repeat(32)}` as const
  return {
    net: chain,
    treasury: alice.address,
    payment: none,
    largePayment: none,
    policyChange: none,
    govProposal: none,
    newSetFrom: 0n,
  }
}

const heights = (b: ExportBundle) => b.lightBlocks.map((l) => Number(l.header.height))

/** The bundle without the light block at `height`. */
const without = (b: ExportBundle, height: number): ExportBundle => ({
  ...b,
  lightBlocks: b.lightBlocks.filter((l) => Number(l.header.height) !== height),
})

describe('header path', () => {
  it('goes through the set change when the trusted set no longer signs', async () => {
    net = new RecordedChain()
    const [v1, v2, v3, v4] = validators as [typeof alice, typeof alice, typeof alice, typeof alice]
    const actions = [
      govAction({ kind: 'add-validator', target: newcomer.address, power: 10n }),
      ...[v1, v2, v3].map((v) => govAction({ kind: 'remove-validator', target: v.address })),
    ]
    const ids = actions.map((action) =>
      net.send(v1, 'SubmitGovProposal', { title: action.kind, description: '', action }),
    )
    net.block()
    const submittedAt = net.height
    for (const id of ids)
      for (const v of [v1, v2, v3, v4]) net.send(v, 'CastVote', { proposalId: id, option: 'yes' })
    net.block()
    net.runTo(submittedAt + VOTING_PERIOD)
    const rotated = net.height + 2n
    net.runTo(rotated + 3n)
    expect(
      net.chain
        .validators()
        .map((v) => v.address)
        .sort(),
    ).toEqual([v4.address, newcomer.address].sort())
    net.holding('EURC', alice.address)

    const bundle = readBundle(await exportScenario(asScenario(net), { csv: false, pdf: false }))
    expect((await verify(bundle, net.root)).failures).toEqual([])
    // genesis cannot reach the last block: only v4 (1/4 of the trusted power) still signs
    expect(heights(bundle)).toContain(Number(rotated))
    expect(heights(bundle).length).toBeGreaterThan(2)
    expect(heights(bundle).at(-1)).toBe(Number(net.height))

    const skipped = await verify(without(bundle, Number(rotated)), net.root)
    expect(skipped.ok).toBe(false)
    expect(skipped.failures.map((f) => f.reason).join('\n')).toMatch(
      /signed by 10 of the 40 voting power of the set trusted at height \d+; more than 1\/3 is needed to skip to it/,
    )
  })

  it('does not skip further than the trusting period (14 days) from a trusted block', async () => {
    net = new RecordedChain()
    for (let i = 0; i < 4; i++) net.block(5n * DAY)
    net.holding('EURC', alice.address)
    const bundle = readBundle(await exportScenario(asScenario(net), { csv: false, pdf: false }))
    expect((await verify(bundle, net.root)).ok).toBe(true)
    expect(heights(bundle)).toEqual([0, 2, 4])
    expect(bundle.lightBlocks.map((l) => l.step)).toEqual(['trusted-root', 'skipping', 'skipping'])
    const far = await verify(without(bundle, 2), net.root)
    expect(far.failures.map((f) => [f.record.section, f.record.id, f.code])).toEqual([
      ['lightBlocks', '4', 'HEADER_NOT_COMMITTED'],
      ['records', `EURC/${alice.address}@4`, 'HEADER_NOT_COMMITTED'],
    ])
    expect(far.failures[0]?.reason).toBe(
      'block 4 is more than the trusting period after block 0, the last verified one: a light ' +
        'block in between is needed',
    )
    expect(far.failures[1]?.reason).toMatch(/^the header at height 4 is not proven committed/)
  })
})
