/**
 * Governance methods over real HTTP on a four-validator chain with a three-block voting
 * period: the listing shows each proposal with its live tally while voting and the final one
 * after, a passed upgrade becomes the upgrade plan, and governance state is public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  attachSignature,
  privateKeySigner,
  softwareUpgradeProposalTx,
  textProposalTx,
  type UnsignedTxRequest,
} from '../../../src/node/client'
import { verifyStateProof, type Hex } from '../../../src/node/protocol'
import { RpcErrorCode } from '../../../src/node/rpc'
import type { GovProposalAnswer, GovProposalListAnswer } from '../../../src/node/rpc/answers'
import { FAR_FUTURE, sign, testDomain, validators, type Actor } from '../../fixtures/network'
import { call, result, rpcGenesis, startRpc, type Harness } from './harness'

let h: Harness
let url: string
let text: Hex
let upgrade: Hex
let submittedAt: bigint

const [v1, v2, v3, v4] = validators as [Actor, Actor, Actor, Actor]
const ctx = (who: Actor, nonce = 0n) => ({
  domain: testDomain,
  from: who.address,
  nonce,
  validUntil: FAR_FUTURE,
})

beforeAll(async () => {
  h = await startRpc({ genesis: rpcGenesis({ governance: { votingPeriodBlocks: '3' } }) })
  url = h.rpc.url
  const textTx = textProposalTx(ctx(v1), { title: 'Adopt the 2026 rulebook' })
  const upgradeTx = softwareUpgradeProposalTx(ctx(v2), {
    title: 'Upgrade to v2',
    description: 'Halts at 1000 for the v2 binary',
    name: 'v2',
    haltHeight: 1000n,
  })
  const signWith = async (who: Actor, typed: UnsignedTxRequest) =>
    attachSignature(typed, await privateKeySigner(who.key).signTypedData(typed.typedData))
  text = h.backend.chain.submit(await signWith(v1, textTx))
  upgrade = h.backend.chain.submit(await signWith(v2, upgradeTx))
  submittedAt = h.backend.produceBlock().head.height
})

afterAll(async () => {
  await h.close()
})

describe('governance methods', () => {
  it('custos_listGovProposals shows each proposal voting, with its live tally', async () => {
    const list = await result<GovProposalListAnswer>(url, 'custos_listGovProposals')
    expect(list.total).toBe(2)
    expect(list.proposals.map((p) => p.id)).toEqual([upgrade, text])
    const [, first] = list.proposals
    expect(first).toMatchObject({
      title: 'Adopt the 2026 rulebook',
      proposer: v1.address,
      status: 'voting',
      action: { kind: 'text' },
      votingEndsAt: (submittedAt + 3n).toString(),
      blocksLeft: '3',
      tallyIsFinal: false,
      currentTally: { outcome: 'no-quorum', totalPower: '40', votedPower: '0' },
    })
  })

  it('the live tally follows the votes; after the period the final tally decides', async () => {
    h.backend.chain.submit(sign(v1, 'CastVote', { proposalId: text, option: 'yes' }, 1n))
    h.backend.chain.submit(sign(v2, 'CastVote', { proposalId: text, option: 'yes' }, 1n))
    h.backend.chain.submit(sign(v3, 'CastVote', { proposalId: text, option: 'no' }))
    h.backend.chain.submit(sign(v1, 'CastVote', { proposalId: upgrade, option: 'yes' }, 2n))
    h.backend.chain.submit(sign(v2, 'CastVote', { proposalId: upgrade, option: 'yes' }, 2n))
    h.backend.chain.submit(sign(v4, 'CastVote', { proposalId: upgrade, option: 'yes' }))
    h.backend.produceBlock()
    const live = await result<GovProposalAnswer>(url, 'custos_getGovProposal', { id: text })
    expect(live).toMatchObject({
      status: 'voting',
      blocksLeft: '2',
      tallyIsFinal: false,
      votes: { [v1.address]: 'yes', [v2.address]: 'yes', [v3.address]: 'no' },
      currentTally: { yes: '20', no: '10', votedPower: '30', outcome: 'passed' },
    })
    expect(await verifyStateProof(live.stateRoot, live.proof)).not.toBeNull()

    while (h.backend.chain.head().height < submittedAt + 3n) h.backend.produceBlock()
    const done = await result<GovProposalAnswer>(url, 'custos_getGovProposal', { id: text })
    expect(done).toMatchObject({
      status: 'passed',
      blocksLeft: '0',
      tallyIsFinal: true,
      tally: { outcome: 'passed' },
      currentTally: { outcome: 'passed', yes: '20', no: '10' },
    })
    const passed = await result<GovProposalListAnswer>(url, 'custos_listGovProposals', {
      status: 'passed',
      limit: 1,
    })
    expect(passed.proposals.map((p) => p.id)).toEqual([upgrade])
  })

  it('custos_getUpgradePlan gives the passed upgrade with a proof', async () => {
    const plan = await result<{ value: unknown; stateRoot: Hex; proof: never }>(
      url,
      'custos_getUpgradePlan',
    )
    expect(plan.value).toEqual({ name: 'v2', haltHeight: '1000', proposalId: upgrade })
    expect(await verifyStateProof(plan.stateRoot, plan.proof)).not.toBeNull()
  })

  it('governance state is public; unknown proposals and bad params are refused clearly', async () => {
    const ids = await result<{ value: unknown }>(url, 'custos_getState', { key: 'gov/proposals' })
    expect(ids.value).toEqual([text, upgrade])
    const missing = await call(url, 'custos_getGovProposal', { id: `0x${'11'.repeat(32)}` })
    expect(missing.error?.code).toBe(RpcErrorCode.notFound)
    const status = await call(url, 'custos_listGovProposals', { status: 'won' })
    expect(status.error?.message).toMatch(/^invalid params: status: must be one of voting/)
    const limit = await call(url, 'custos_listGovProposals', { limit: 0 })
    expect(limit.error).toMatchObject({
      code: RpcErrorCode.invalidParams,
      data: { field: 'limit' },
    })
  })
})
