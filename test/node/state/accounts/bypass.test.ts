/**
 * The bypass catalogue: every way around an account's policy that we know of, each refused
 * with its reason and without any state change (the block that refuses it keeps the state
 * root; refusals at submission never reach a block).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyTx } from '../../../../src/node/state'
import {
  InvalidStatus,
  InvalidValue,
  NonceMismatch,
  PolicyDenied,
  Unauthorized,
  verifyTx,
  WrongChain,
  WrongSigner,
  type Address,
  type SignedTx,
} from '../../../../src/node/protocol'
import { formatTime, ProposalNotOpen, type Proposal } from '../../../../src/node/state/accounts'
import {
  AccountChain,
  m1,
  m2,
  m3,
  m4,
  m5,
  transferAction,
  wirePolicy,
  type PolicySpec,
} from '../../../fixtures/accounts'
import { expectError } from '../../../fixtures/expectError'
import { bob, carol, sign, stranger, testDomain } from '../../../fixtures/network'

const spec = (treasury = [m1, m2, m3]): PolicySpec => ({
  members: [...new Set([m1, m2, m3, m4, ...treasury])],
  groups: { Treasury: treasury, Admins: [m4] },
  policy: [
    {
      name: 'Small',
      match: { kinds: ['transfer'], assets: ['EURC'], maxAmount: 1_000n },
      outcome: { type: 'allow' },
      velocity: { asset: 'EURC', amount: 2_500n, periodSeconds: 86_400n },
    },
    {
      name: 'Large',
      match: { kinds: ['transfer'], assets: ['EURC'], minAmount: 1_001n },
      outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 2 } },
      excludeInitiator: true,
      expirySeconds: 3_600n,
    },
    {
      name: 'Slow ACME',
      match: { kinds: ['transfer'], assets: ['ACME'] },
      outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 1 } },
      timelockBlocks: 5n,
    },
  ],
  adminRule: {
    name: 'Admins',
    match: { kinds: ['policy-change'], initiators: { groups: ['Admins'] } },
    outcome: { type: 'require', approvals: { group: 'Admins', threshold: 1 } },
  },
})

let h: AccountChain
let account: Address
let large: Proposal
beforeEach(() => {
  h = new AccountChain()
  account = h.fundedAccount(spec())
  large = h.propose(m1, account, transferAction('EURC', bob.address, 5_000n))
})
afterEach(() => h.close())

/** The block refuses `tx` (state root unchanged) with an error of class `cls`; returns its message. */
function refused(tx: SignedTx, cls: abstract new (...args: never[]) => Error): string {
  const error = h.refuse(tx)
  expect(error).toBeInstanceOf(cls)
  return error.message
}

/** `chain.submit` refuses `tx`; nothing reaches the pool or the state. */
function refusedAtSubmit(tx: SignedTx, cls: abstract new (...args: never[]) => Error): void {
  const root = h.stateRoot()
  expect(() => h.chain.submit(tx)).toThrow(cls)
  expect(h.chain.pendingCount()).toBe(0)
  expect(h.stateRoot()).toBe(root)
}

describe('bypass catalogue', () => {
  it('approval by a non-member', () => {
    expect(refused(h.approveTx(stranger, large), Unauthorized)).toBe(
      `${stranger.address} is not a member of account 'Treasury' (${account}) and may not approve its proposals`,
    )
  })

  it('approval by a member outside the required groups', () => {
    expect(refused(h.approveTx(m4, large), Unauthorized)).toBe(
      `${m4.address} is in none of the groups Policy rule 2 'Large' requires (Treasury) and may not approve`,
    )
  })

  it('the same member approving twice', () => {
    expect(h.approve(m2, large).status).toBe('pending')
    expect(refused(h.approveTx(m2, large), InvalidValue)).toBe(
      `ApproveProposal.proposalId: ${m2.address} has already approved it`,
    )
    expect(h.proposal(large.id).approvals).toEqual([m2.address])
  })

  it('approval after expiry', () => {
    const late = h.approveTx(m2, large)
    const view = h.state().fork()
    const ctx = { domain: testDomain, height: h.height() + 1n, time: large.expiresAt + 1n }
    const error = expectError(
      () => applyTx(view, ctx, verifyTx(late, { domain: testDomain })),
      InvalidStatus,
      'INVALID_STATUS',
    )
    expect(error.message).toContain(
      `cannot approve it: it expired at ${formatTime(large.expiresAt)}`,
    )
    expect(view.changes()).toEqual([])
  })

  describe('an approval signature replayed elsewhere', () => {
    let signed: SignedTx
    let other: Proposal
    beforeEach(() => {
      signed = h.approveTx(m2, large)
      other = h.propose(m3, account, transferAction('EURC', carol.address, 5_000n))
    })

    it('on another proposal: the signature no longer recovers the member', () => {
      const moved = { ...signed, message: { ...signed.message, proposalId: other.id } } as SignedTx
      expect(() => verifyTx(moved, { domain: testDomain })).toThrow(WrongSigner)
      refusedAtSubmit(moved, WrongSigner)
    })

    it('on another account', () => {
      const second = h.createAccount(spec(), 'Second', carol)
      expect(second).not.toBe(account)
      const moved = { ...signed, message: { ...signed.message, account: second } } as SignedTx
      refusedAtSubmit(moved, WrongSigner)
    })

    it("on another chain: refused as that chain's, and as forged when relabelled for ours", () => {
      const foreignDomain = { ...testDomain, chainId: testDomain.chainId + 1n }
      const theirs = sign(
        m2,
        'ApproveProposal',
        { account, proposalId: large.id, action: large.action, policyVersion: large.policyVersion },
        h.next(m2),
        foreignDomain,
      )
      refusedAtSubmit(theirs, WrongChain)
      refusedAtSubmit({ ...theirs, chainId: testDomain.chainId } as SignedTx, WrongSigner)
    })

    it('again on the same proposal, once included: the nonce is spent', () => {
      h.include(signed)
      refusedAtSubmit(signed, NonceMismatch)
    })

    it("a member tricked into signing another proposal's action", () => {
      const wrong = h.approveTx(m2, other, {
        action: transferAction('EURC', carol.address, 6_000n),
      })
      expect(refused(wrong, InvalidValue)).toBe(
        'ApproveProposal.action.amount: the approval says 6000; the proposal says 5000',
      )
      const wrongTo = h.approveTx(m2, other, { action: large.action })
      expect(refused(wrongTo, InvalidValue)).toBe(
        `ApproveProposal.action.counterparty: the approval says ${bob.address}; the proposal says ${carol.address}`,
      )
    })

    it("naming another account than the proposal's", () => {
      const second = h.createAccount(spec(), 'Second', carol)
      const wrong = h.approveTx(m2, large, { account: second })
      expect(refused(wrong, InvalidValue)).toBe(
        `ApproveProposal.account: proposal ${large.id} belongs to account ${account}, not ${second}`,
      )
    })
  })

  it('the initiator approving when the rule excludes it', () => {
    expect(refused(h.approveTx(m1, large), Unauthorized)).toBe(
      `Policy rule 2 'Large' excludes the initiator from approving: ${m1.address} proposed it; another member must approve`,
    )
  })

  it('splitting a large transfer into small ones: caught by the velocity limit', () => {
    const small = (amount: bigint) =>
      h.proposeTx(m1, account, transferAction('EURC', bob.address, amount))
    expect(h.proposal(h.include(small(1_000n))).status).toBe('executed')
    expect(h.proposal(h.include(small(1_000n))).status).toBe('executed')
    expect(refused(small(1_000n), PolicyDenied)).toBe(
      `Policy rule 1 'Small' blocks this transfer of 1,000 EURC to ${bob.address}: ` +
        'velocity limit 2,500 EURC per 86,400 s would be exceeded: 2,000 already used, 1,000 requested',
    )
    expect(h.proposal(h.include(small(500n))).status).toBe('executed')
    expect(refused(small(1n), PolicyDenied)).toContain('2,500 already used, 1 requested')
    expect(h.balance('EURC', account)).toBe(100_000n - 2_500n)
  })

  it('executing during the timelock, or before approval', () => {
    const acme = h.propose(m1, account, transferAction('ACME', bob.address, 10n))
    expect(refused(h.executeTx(m2, acme), ProposalNotOpen)).toBe(
      `proposal ${acme.id} is pending; cannot execute it`,
    )
    const approved = h.approve(m2, acme)
    expect(approved.status).toBe('approved')
    const now = h.height() + 1n
    expect(refused(h.executeTx(m3, approved), InvalidStatus)).toBe(
      `proposal ${acme.id} is timelocked until height ${approved.executableAt} (now ${now}); cannot execute it yet`,
    )
    expect(refused(h.executeTx(stranger, approved), Unauthorized)).toContain('is not a member')
    expect(h.balance('ACME', bob.address)).toBe(1_000_000n)
  })

  it('approving under a policy that has since changed', () => {
    const change = h.tx(m4, 'ProposePolicyChange', {
      account,
      ...wirePolicy(spec([m1, m2, m3, m5])),
    })
    const changeProposal = h.proposal(h.include(change))
    expect(changeProposal.status).toBe('pending')
    expect(h.approve(m4, changeProposal).status).toBe('executed')
    expect(h.account(account).policyVersion).toBe(2n)
    const message = refused(h.approveTx(m2, large), ProposalNotOpen)
    expect(message).toBe(
      `proposal ${large.id} is failed; cannot approve it: the account's policy changed at height ` +
        `${h.height() - 1n} (version 1 → 2); propose it again under the new policy`,
    )
    // claiming the new version does not help
    expect(refused(h.approveTx(m2, large, { policyVersion: 2n }), ProposalNotOpen)).toBe(message)
  })

  it('an approval signed for another policy version', () => {
    expect(refused(h.approveTx(m2, large, { policyVersion: 2n }), InvalidValue)).toBe(
      'ApproveProposal.policyVersion: the approval is for policy version 2; the proposal was made ' +
        'under version 1 and the account is at version 1',
    )
  })

  it('a member who rejected approving after all', () => {
    const acme = h.propose(m1, account, transferAction('ACME', bob.address, 10n))
    h.include(h.rejectTx(m2, acme, 'no'))
    expect(h.proposal(acme.id).status).toBe('pending') // m1 and m3 can still approve
    expect(refused(h.approveTx(m2, acme), InvalidValue)).toBe(
      `ApproveProposal.proposalId: ${m2.address} has already rejected it`,
    )
  })
})
