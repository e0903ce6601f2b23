/**
 * Account methods over real HTTP against a real Chain: who may read an account (members,
 * auditors and regulators; nobody else learns whether it exists), its policy in words and in
 * signed form, its proposals with summaries, explanations of proposals and of drafts that
 * the policy would block, and the dry run that tells a proposer why before they submit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { transferAction, policyFromJson } from '../../../src/node/client'
import type {
  AccountAnswer,
  ExplainAnswer,
  ProposalAnswer,
  ProposalListAnswer,
} from '../../../src/node/rpc/answers'
import { toJson } from '../../../src/node/rpc/json'
import { verifyStateProof, type Hex } from '../../../src/node/protocol'
import { RpcErrorCode } from '../../../src/node/rpc'
import { dave, issuer, sign, stranger } from '../../fixtures/network'
import { auditor, call, regulator, result, signed, startRpc, txHex, type Harness } from './harness'
import { alice, bob, carol, createTreasury, treasury, treasuryPolicy } from './treasury'

let h: Harness
let url: string
let small: Hex
let large: Hex

beforeAll(async () => {
  h = await startRpc()
  url = h.rpc.url
  createTreasury(h)
  // bob proposes a small transfer; alice a large one, which carol (Risk) approves
  const smallTx = sign(bob, 'ProposeAction', {
    account: treasury,
    action: transferAction({ symbol: 'ACME', to: dave.address, amount: 50n }),
  })
  const largeAction = transferAction({ symbol: 'ACME', to: dave.address, amount: 500n })
  const largeTx = sign(alice, 'ProposeAction', { account: treasury, action: largeAction }, 2n)
  small = h.backend.chain.submit(smallTx)
  large = h.backend.chain.submit(largeTx)
  h.backend.produceBlock()
  h.backend.chain.submit(
    sign(carol, 'ApproveProposal', {
      account: treasury,
      proposalId: large,
      action: largeAction,
      policyVersion: 1n,
    }),
  )
  h.backend.produceBlock()
})

afterAll(async () => {
  await h.close()
})

describe('custos_getAccount', () => {
  it('refuses a reader who is neither a member, an auditor nor a regulator', async () => {
    for (const who of [stranger, issuer]) {
      const response = await call(
        url,
        'custos_getAccount',
        signed(who, 'custos_getAccount', { account: treasury }),
      )
      expect(response.error?.code).toBe(RpcErrorCode.notAuthorized)
      expect(response.error?.message).toMatch(/^not authorized: .* may not read account/)
      expect(response.error?.message).toMatch(/its members if it is a multi-approver account/)
    }
  })

  it('refuses the same way where no account exists, so absence is not disclosed', async () => {
    const nowhere = '0x00000000000000000000000000000000000000aa'
    const response = await call(
      url,
      'custos_getAccount',
      signed(stranger, 'custos_getAccount', { account: nowhere }),
    )
    expect(response.error?.code).toBe(RpcErrorCode.notAuthorized)
    const audited = await call(
      url,
      'custos_getAccount',
      signed(auditor, 'custos_getAccount', { account: nowhere }),
    )
    expect(audited.error?.code).toBe(RpcErrorCode.notFound)
  })

  it('gives a member the policy in words and in signed form, with a proof', async () => {
    const answer = await result<AccountAnswer>(
      url,
      'custos_getAccount',
      signed(bob, 'custos_getAccount', { account: treasury }),
    )
    expect(answer).toMatchObject({ address: treasury, name: 'Treasury', policyVersion: '1' })
    expect(answer.rules).toEqual([
      "Policy rule 1 'Small': transfer of ACME up to 100 → requires 1 of Treasury",
      "Policy rule 2 'Large': transfer of ACME from 101 → requires 2 of Treasury AND 1 of Risk; expires 86400 s after it is proposed",
      "Policy rule 3 'Nothing else': any action → blocked",
      "Admin rule 'Admins': policy-change → requires 1 of Risk",
    ])
    // the signed form is what a policy change signs: the one the account was created with
    expect(answer.signed).toEqual(toJson(policyFromJson(treasuryPolicy).membersAndPolicy))
    expect(answer.value).toMatchObject({ address: treasury, members: treasuryPolicy.members })
    expect(await verifyStateProof(answer.stateRoot, answer.proof)).not.toBeNull()
  })

  it('lets auditors and regulators read it', async () => {
    for (const who of [auditor, regulator]) {
      const answer = await result<AccountAnswer>(
        url,
        'custos_getAccount',
        signed(who, 'custos_getAccount', { account: treasury }),
      )
      expect(answer.name).toBe('Treasury')
    }
  })

  it('lets members read the account balances too', async () => {
    const answer = await result<{ balances: Array<{ symbol: string; amount: string }> }>(
      url,
      'custos_getBalances',
      signed(carol, 'custos_getBalances', { address: treasury, symbols: ['ACME'] }),
    )
    expect(answer.balances[0]?.amount).toBe('1000')
  })
})

describe('proposals', () => {
  it('custos_listProposals lists newest first with a summary, and filters by status', async () => {
    const list = await result<ProposalListAnswer>(
      url,
      'custos_listProposals',
      signed(carol, 'custos_listProposals', { account: treasury }),
    )
    expect(list.total).toBe(2)
    expect(list.proposals.map((p) => p.id)).toEqual([large, small])
    expect(list.proposals[0]).toMatchObject({
      status: 'pending',
      initiator: alice.address,
      approvals: [carol.address],
      rule: { index: 1, name: 'Large' },
    })
    expect(list.proposals[0]?.summary).toMatch(
      /^Policy rule 2 'Large' needs 2 more approvals from Treasury \(expires at /,
    )
    expect(list.proposals[1]?.summary).toBe(
      "Policy rule 1 'Small' needs 1 more approval from Treasury",
    )
    const executed = await result<ProposalListAnswer>(
      url,
      'custos_listProposals',
      signed(carol, 'custos_listProposals', { account: treasury, status: 'executed', limit: 5 }),
    )
    expect(executed.proposals).toEqual([])
  })

  it('custos_getProposal gives what an approval repeats, with a proof', async () => {
    const answer = await result<ProposalAnswer>(
      url,
      'custos_getProposal',
      signed(alice, 'custos_getProposal', { account: treasury, id: small }),
    )
    expect(answer).toMatchObject({
      id: small,
      account: treasury,
      policyVersion: '1',
      action: { kind: 'transfer', symbol: 'ACME', counterparty: dave.address, amount: '50' },
    })
    expect(answer.key).toBe(`proposal/${small}`)
    expect(await verifyStateProof(answer.stateRoot, answer.proof)).not.toBeNull()
  })

  it('custos_getProposal is -32004 for an unknown id or another account', async () => {
    const unknown = `0x${'ab'.repeat(32)}`
    const response = await call(
      url,
      'custos_getProposal',
      signed(alice, 'custos_getProposal', { account: treasury, id: unknown }),
    )
    expect(response.error?.code).toBe(RpcErrorCode.notFound)
    const stranger_ = await call(
      url,
      'custos_getProposal',
      signed(stranger, 'custos_getProposal', { account: treasury, id: small }),
    )
    expect(stranger_.error?.code).toBe(RpcErrorCode.notAuthorized)
  })
})

describe('custos_explain', () => {
  it('explains an open proposal: who approved, who still can, what is missing', async () => {
    const answer = await result<ExplainAnswer>(
      url,
      'custos_explain',
      signed(bob, 'custos_explain', { account: treasury, proposalId: large }),
    )
    expect(answer.explanation).toMatchObject({
      decision: 'require',
      matched: "Policy rule 2 'Large'",
      requires: '2 of Treasury AND 1 of Risk',
      approvedBy: [carol.address],
      expirySeconds: '86400',
    })
    expect([...answer.explanation.canStillApprove].sort()).toEqual(
      [alice.address, bob.address].sort(),
    )
    expect(answer.proposal?.id).toBe(large)
    expect(answer.currentPolicy).toBe(true)
    expect(BigInt(answer.expiresInSeconds ?? '0')).toBeGreaterThan(86_000n)
    expect(answer.summary).toMatch(/needs 2 more approvals from Treasury/)
  })

  it('says why a draft would be blocked, before anything is signed', async () => {
    const answer = await result<ExplainAnswer>(
      url,
      'custos_explain',
      signed(alice, 'custos_explain', {
        account: treasury,
        action: { kind: 'transfer', symbol: 'EURC', counterparty: dave.address, amount: '10' },
      }),
    )
    expect(answer.draft).toEqual({
      action: {
        kind: 'transfer',
        symbol: 'EURC',
        counterparty: dave.address,
        amount: '10',
        reference: `0x${'0'.repeat(64)}`,
      },
      initiator: alice.address,
    })
    expect(answer.explanation.decision).toBe('block')
    expect(answer.explanation.matched).toBe("Policy rule 3 'Nothing else'")
    expect(answer.explanation.blockedBecause).toMatch(/Nothing else/)
    expect(answer.summary).toBe(answer.explanation.blockedBecause)
  })

  it('denies a draft whose initiator is not a member, saying so', async () => {
    const answer = await result<ExplainAnswer>(
      url,
      'custos_explain',
      signed(auditor, 'custos_explain', {
        account: treasury,
        action: { kind: 'transfer', symbol: 'ACME', counterparty: dave.address, amount: '10' },
        initiator: dave.address,
      }),
    )
    expect(answer.explanation.decision).toBe('deny')
    expect(answer.explanation.matched).toMatch(/not a member/)
  })

  it('refuses bad requests naming the field', async () => {
    const both = await call(
      url,
      'custos_explain',
      signed(alice, 'custos_explain', {
        account: treasury,
        proposalId: small,
        action: { kind: 'transfer' },
      }),
    )
    expect(both.error).toMatchObject({
      code: RpcErrorCode.invalidParams,
      data: { field: 'action' },
    })
    const zeroReceiver = await call(
      url,
      'custos_explain',
      signed(alice, 'custos_explain', {
        account: treasury,
        action: { kind: 'transfer', symbol: 'ACME', amount: '10' },
      }),
    )
    expect(zeroReceiver.error).toMatchObject({
      code: RpcErrorCode.invalidParams,
      data: { field: 'action.counterparty' },
    })
    const kind = await call(
      url,
      'custos_explain',
      signed(alice, 'custos_explain', { account: treasury, action: { kind: 'steal' } }),
    )
    expect(kind.error?.message).toMatch(/^invalid params: action\.kind: must be one of transfer/)
  })
})

describe('custos_checkTx', () => {
  it('tells the proposer why the policy blocks a proposal, and changes nothing', async () => {
    const blocked = sign(
      bob,
      'ProposeAction',
      {
        account: treasury,
        action: transferAction({ symbol: 'EURC', to: dave.address, amount: 10n }),
      },
      1n,
    )
    const response = await call(url, 'custos_checkTx', { tx: txHex(blocked) })
    expect(response.error).toMatchObject({
      code: RpcErrorCode.chainRefused,
      data: { code: 'POLICY_DENIED' },
    })
    expect(response.error?.message).toMatch(/Nothing else/)
    const allowed = sign(
      bob,
      'ProposeAction',
      {
        account: treasury,
        action: transferAction({ symbol: 'ACME', to: dave.address, amount: 10n }),
      },
      1n,
    )
    const ok = await result<{ id: Hex; kind: string; signer: string }>(url, 'custos_checkTx', {
      tx: txHex(allowed),
    })
    expect(ok).toEqual({ id: ok.id, kind: 'ProposeAction', signer: bob.address })
    const list = await result<ProposalListAnswer>(
      url,
      'custos_listProposals',
      signed(bob, 'custos_listProposals', { account: treasury }),
    )
    expect(list.total).toBe(2)
  })
})

describe('custos_getState', () => {
  it('names the method for account and proposal keys', async () => {
    for (const [key, method] of [
      [`account/${treasury}`, 'custos_getAccount'],
      [`proposal/${small}`, 'custos_getProposal'],
      [`proposals/${treasury}`, 'custos_listProposals'],
    ]) {
      const response = await call(url, 'custos_getState', { key })
      expect(response.error?.code).toBe(RpcErrorCode.notAuthorized)
      expect(response.error?.message).toContain(method)
    }
  })
})
