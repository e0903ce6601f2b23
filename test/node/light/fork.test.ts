/**
 * A fork shown only to the light node: its primary serves a second chain that shares the first
 * five blocks with the real one and then diverges, signed by the same validators (more than
 * 2/3 — it verifies on its own), while a witness serves the real chain. The light client
 * notices the witness's different block at the same height, verifies it too, produces evidence
 * with both headers and commits, submits it to the nodes (which verify and keep it), stops
 * trusting the primary and never hands a forked block to its sink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { headerHash, type Hex } from '../../../src/node/protocol'
import {
  LightClient,
  LightClientError,
  RpcProvider,
  type EvidenceReport,
  type LightBlock,
  type LightWarning,
} from '../../../src/node/light'
import type { LightBlockAnswer } from '../../../src/node/rpc'
import { keys } from '../../../src/node/state'
import { govAction } from '../../fixtures/governance'
import { validators, type Actor } from '../../fixtures/network'
import { startDevnet, TRUST_A_YEAR, type Devnet } from './devnet'
import { resultOf, startLyingNode } from './lyingNode'

let honest: Devnet
let fork: Devnet

beforeAll(async () => {
  honest = await startDevnet({ blocks: 14 })
  fork = await startDevnet({
    copyFrom: honest.chain,
    copyBlocks: 5n,
    blocks: 10,
    // block 6 of the fork holds a proposal the real chain never saw
    before: (net) =>
      void net.send(validators[0] as Actor, 'SubmitGovProposal', {
        title: 'Only on the fork',
        description: '',
        action: govAction({ kind: 'text' }),
      }),
  })
})

afterAll(async () => {
  await fork.close()
  await honest.close()
})

describe('a fork shown only to the light node', () => {
  it('the two chains share five blocks and then differ, each fully signed', () => {
    expect(headerHash(fork.header(5n))).toBe(headerHash(honest.header(5n)))
    expect(headerHash(fork.header(6n))).not.toBe(headerHash(honest.header(6n)))
  })

  it('produces evidence, submits it to the nodes, and stops trusting the primary', async () => {
    const reports: EvidenceReport[] = []
    const headers: LightBlock[] = []
    const light = await LightClient.create({
      root: { kind: 'genesis', genesis: honest.genesis },
      primary: new RpcProvider({ url: fork.rpc.url }),
      witnesses: [new RpcProvider({ url: honest.rpc.url })],
      trustingPeriodMs: TRUST_A_YEAR,
      onEvidence: (report) => reports.push(report),
      sink: { onVerified: (block) => void headers.push(block) },
    })
    const error = await light.sync().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LightClientError)
    expect(error).toMatchObject({ reason: 'fork' })
    expect((error as Error).message).toContain(
      `${fork.rpc.url} (primary) and ${honest.rpc.url} (witness) serve two different blocks at height 10`,
    )
    expect((error as Error).message).toMatch(/Evidence was sent to .*no longer trusts/)

    // the evidence holds both headers and both commits
    expect(reports).toHaveLength(1)
    const [report] = reports as [EvidenceReport]
    const { evidence } = report
    expect(evidence.height).toBe(10n)
    expect(headerHash(evidence.primary.header)).toBe(headerHash(fork.header(10n)))
    expect(headerHash(evidence.witness.header)).toBe(headerHash(honest.header(10n)))
    expect(evidence.primary.commit.blockHash).toBe(headerHash(fork.header(10n)))
    expect(evidence.witness.commit.blockHash).toBe(headerHash(honest.header(10n)))
    expect(evidence.primary.commit.signatures).toHaveLength(4)
    expect(evidence.witness.commit.signatures).toHaveLength(4)
    expect(report.submissions).toEqual([
      { provider: honest.rpc.url, accepted: true },
      { provider: fork.rpc.url, accepted: true },
    ])

    // the nodes verified the evidence and keep it
    const kept = honest.chain.store.listEvidence()
    expect(kept).toHaveLength(1)
    expect(kept[0]?.height).toBe(10n)
    const json = JSON.parse(kept[0]?.json ?? '{}') as { primary: { header: { stateRoot: Hex } } }
    expect(json.primary.header.stateRoot).toBe(fork.header(10n).stateRoot)
    expect(fork.chain.store.listEvidence()).toHaveLength(1)

    // no forked block was kept, and the client answers nothing more
    expect(headers).toEqual([])
    expect(light.latest().header.height).toBe(0n)
    await expect(light.sync()).rejects.toMatchObject({ reason: 'fork' })
    await expect(light.provenState(keys.token('ACME'))).rejects.toMatchObject({ reason: 'fork' })
  })

  it('the real chain with the fork as witness forks too: the light node cannot tell who lies', async () => {
    const light = await LightClient.create({
      root: { kind: 'genesis', genesis: honest.genesis },
      primary: new RpcProvider({ url: honest.rpc.url }),
      witnesses: [new RpcProvider({ url: fork.rpc.url })],
      trustingPeriodMs: TRUST_A_YEAR,
    })
    // the fork's head is 10: the light node checks height 10 against it
    await expect(light.sync(10n)).rejects.toMatchObject({ reason: 'fork' })
  })

  it('a witness whose block does not verify is dropped with a warning; syncing goes on', async () => {
    const liar = await startLyingNode(honest.rpc.url, (call, answer) => {
      if (call.method !== 'custos_getLightBlock') return answer
      const block = resultOf<LightBlockAnswer>(answer)
      block.header.stateRoot = `0x${'55'.repeat(32)}`
      delete (block.header as { hash?: Hex }).hash
      return { result: block }
    })
    try {
      const warnings: LightWarning[] = []
      const light = await LightClient.create({
        root: { kind: 'genesis', genesis: honest.genesis },
        primary: new RpcProvider({ url: honest.rpc.url }),
        witnesses: [new RpcProvider({ url: liar.url })],
        trustingPeriodMs: TRUST_A_YEAR,
        onWarning: (w) => warnings.push(w),
      })
      const synced = await light.sync()
      expect(synced.header.height).toBe(honest.chain.head().height)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatchObject({ provider: liar.url })
      expect(warnings[0]?.message).toMatch(/does not verify \(forged-header\); it is ignored/)
      expect(light.witnesses()).toEqual([])
    } finally {
      await liar.close()
    }
  })
})
