/**
 * Proposal lifecycles end to end, through signed transactions in real blocks: account
 * creation, a 2-of-3 DvP affirmation, failing actions, rejection, cancellation, policy
 * changes, and what the explanations say at each step.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  accountAddress,
  AlreadyExists,
  InvalidValue,
  membersAndPolicyHash,
  PolicyDenied,
  Unauthorized,
  type Action,
  type SignedTx,
} from '../../../../src/node/protocol'
import { getParticipant, getInstruction } from '../../../../src/node/state'
import {
  accountProposalIds,
  explainDraft,
  explainProposal,
  openProposalIds,
  policyToWire,
  ProposalNotOpen,
} from '../../../../src/node/state/accounts'
import {
  AccountChain,
  m1,
  m2,
  m3,
  m4,
  m5,
  transferAction,
  wirePolicy,
  ZERO_ADDRESS,
  ZERO_REF,
  type PolicySpec,
} from '../../../fixtures/accounts'
import { alice, bob, carol, erin, kycProvider } from '../../../fixtures/network'

const twoOfThree = (extra: Partial<PolicySpec['policy'][number]> = {}): PolicySpec => ({
  members: [m1, m2, m3, m4],
  groups: { Ops: [m1, m2, m3], Admins: [m4] },
  policy: [
    {
      name: 'Two of three',
      match: { kinds: ['transfer', 'dvp-affirmation', 'agent-action'] },
      outcome: { type: 'require', approvals: { group: 'Ops', threshold: 2 } },
      ...extra,
    },
  ],
  adminRule: {
    name: 'Admins',
    match: { kinds: ['policy-change'], initiators: { groups: ['Admins'] } },
    outcome: { type: 'require', approvals: { group: 'Admins', threshold: 1 } },
  },
})

const allowAll: PolicySpec = {
  members: [m1],
  groups: { Solo: [m1] },
  policy: [{ name: 'Anything', match: { kinds: 'any' }, outcome: { type: 'allow' } }],
}

type ErrorClass = abstract new (...args: never[]) => Error

let h: AccountChain
afterEach(() => h.close())

describe('CreateAccount', () => {
  it('stores the account at accountAddress(creator, nonce) and registers it as a participant', () => {
    h = new AccountChain()
    const nonce = h.next(alice)
    const account = h.createAccount(twoOfThree(), '  Treasury  ')
    expect(account).toBe(accountAddress(alice.address, nonce))
    const record = h.account(account)
    expect(record).toMatchObject({
      address: account,
      name: 'Treasury',
      members: [m1, m2, m3, m4].map((m) => m.address),
      creator: alice.address,
      createdAt: h.height(),
      policyVersion: 1n,
      executed: [],
    })
    expect(policyToWire(record)).toEqual(wirePolicy(twoOfThree()))
    expect(getParticipant(h.state(), account)).toEqual({
      address: account,
      name: 'Treasury',
      roles: [],
      claims: {},
    })
  })

  it('can be given claims and then hold tokens whose rules require them', () => {
    h = new AccountChain()
    const account = h.createAccount(twoOfThree())
    const early = h.refuse(h.tx(alice, 'Transfer', { symbol: 'EURC', to: account, amount: 5n }))
    expect(early.message).toBe(
      `EURC rule 'kyc' refuses: receiver ${account} has no valid KYC claim`,
    )
    h.onboard(account)
    h.include(h.tx(alice, 'Transfer', { symbol: 'EURC', to: account, amount: 5n }))
    expect(h.balance('EURC', account)).toBe(5n)
  })

  it.each<[string, (h: AccountChain) => SignedTx, ErrorClass, string]>([
    [
      'an unregistered creator',
      (h) => h.tx(m1, 'CreateAccount', { name: 'X', ...wirePolicy(allowAll) }),
      Unauthorized,
      `${m1.address} is not a registered participant; register with RegisterParticipant before creating an account`,
    ],
    [
      'an empty name',
      (h) => h.tx(alice, 'CreateAccount', { name: '  ', ...wirePolicy(allowAll) }),
      InvalidValue,
      'CreateAccount.name: must not be empty',
    ],
    [
      'a malformed policy, naming the field',
      (h) => {
        const wire = wirePolicy(allowAll)
        const policy = [
          { ...wire.policy[0], approvals: wirePolicy(twoOfThree()).policy[0].approvals },
        ]
        return h.tx(alice, 'CreateAccount', { name: 'X', ...wire, policy })
      },
      InvalidValue,
      "CreateAccount.policy[0].approvals: must be empty for a 'allow' outcome",
    ],
    [
      'an invalid policy (validatePolicy)',
      (h) => {
        const wire = wirePolicy(allowAll)
        return h.tx(alice, 'CreateAccount', {
          name: 'X',
          ...wire,
          groups: [{ name: 'Solo', members: [bob.address] }],
        })
      },
      InvalidValue,
      `CreateAccount.groups[0].members[0]: ${bob.address} is not a member of the account`,
    ],
    [
      'the account as its own member',
      (h) => {
        const own = accountAddress(alice.address, h.next(alice))
        const wire = wirePolicy(allowAll)
        return h.tx(alice, 'CreateAccount', { name: 'X', ...wire, members: [...wire.members, own] })
      },
      InvalidValue,
      'CreateAccount.members[1]: an account cannot be its own member',
    ],
  ])('refuses %s', (_name, build, cls, message) => {
    h = new AccountChain()
    const error = h.refuse(build(h))
    expect(error).toBeInstanceOf(cls)
    expect(error.message).toBe(message)
  })

  it('refuses another account as a member: it cannot sign', () => {
    h = new AccountChain()
    const first = h.createAccount(allowAll)
    const wire = wirePolicy(allowAll)
    const error = h.refuse(
      h.tx(alice, 'CreateAccount', { name: 'X', ...wire, members: [...wire.members, first] }),
    )
    expect(error.message).toBe(
      `CreateAccount.members[1]: ${first} is a multi-approver account, which cannot sign; list the people who act for it`,
    )
  })

  it('refuses an address where a participant already exists', () => {
    h = new AccountChain()
    const future = accountAddress(alice.address, h.next(alice))
    h.include(
      h.tx(kycProvider, 'IssueClaim', {
        subject: future,
        topic: 'kyc',
        value: 'true',
        expiresAt: 0n,
      }),
    )
    const error = h.refuse(h.tx(alice, 'CreateAccount', { name: 'X', ...wirePolicy(allowAll) }))
    expect(error).toBeInstanceOf(AlreadyExists)
    expect(error.message).toBe(`participant ${future} already exists`)
  })
})

describe('a 2-of-3 account affirms a DvP instruction', () => {
  it('only after the second approval, and the instruction settles then', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const legs = [
      { symbol: 'EURC', from: account, to: carol.address, amount: 5_000n },
      { symbol: 'ACME', from: carol.address, to: account, amount: 100n },
    ]
    const instructionId = h.include(
      h.tx(carol, 'CreateInstruction', { reference: 'T-7', legs, settleBy: 4_000_000_000n }),
    )
    const affirm: Action = {
      kind: 'dvp-affirmation',
      symbol: 'EURC',
      counterparty: carol.address,
      amount: 5_000n,
      reference: instructionId,
    }

    // what a device shows must be what moves
    const wrong = h.refuse(h.proposeTx(m1, account, { ...affirm, amount: 4_000n }))
    expect(wrong.message).toBe("ProposeAction.action.amount: is 4000; the account's leg sends 5000")

    let proposal = h.propose(m1, account, affirm)
    expect(proposal.status).toBe('pending')
    proposal = h.approve(m2, proposal)
    expect(proposal.status).toBe('pending')
    expect(getInstruction(h.state(), instructionId)).toMatchObject({
      status: 'pending',
      affirmedBy: [carol.address],
    })
    expect(h.balance('ACME', account)).toBe(100_000n)

    proposal = h.approve(m3, proposal)
    expect(proposal).toMatchObject({
      status: 'executed',
      approvals: [m2.address, m3.address],
      closedAt: h.height(),
    })
    expect(getInstruction(h.state(), instructionId)).toMatchObject({
      status: 'settled',
      affirmedBy: [carol.address, account],
    })
    expect(h.balance('EURC', account)).toBe(100_000n - 5_000n)
    expect(h.balance('ACME', account)).toBe(100_000n + 100n)
  })
})

describe('a failing action', () => {
  it.each<[string, Action, string]>([
    [
      'a compliance rule refuses the receiver',
      transferAction('ACME', erin.address, 10n),
      `COMPLIANCE_REJECTED: ACME rule 'jurisdiction-deny' refuses: receiver ${erin.address} jurisdiction KP is excluded`,
    ],
    [
      'the balance is too low',
      transferAction('EURC', bob.address, 100_001n),
      'INSUFFICIENT_BALANCE: {account} has 100000 EURC available (unfrozen); 100001 needed',
    ],
    [
      'the account is not the token agent',
      { kind: 'mint', symbol: 'EURC', counterparty: bob.address, amount: 5n, reference: ZERO_REF },
      'UNAUTHORIZED: {account} is not an agent of EURC and may not mint',
    ],
    [
      'the account may not pause',
      {
        kind: 'pause',
        symbol: 'ACME',
        counterparty: ZERO_ADDRESS,
        amount: 0n,
        reference: ZERO_REF,
      },
      'UNAUTHORIZED: {account} is not an agent of ACME and may not pause it',
    ],
  ])('ends failed with its reason and moves nothing: %s', (_name, action, reason) => {
    h = new AccountChain()
    const account = h.fundedAccount(allowAll)
    const before = ['EURC', 'ACME'].map((s) => [
      h.balance(s, account),
      h.balance(s, bob.address),
      h.balance(s, erin.address),
    ])
    const proposal = h.propose(m1, account, action)
    expect(proposal).toMatchObject({
      status: 'failed',
      reason: reason.replace('{account}', account),
      closedAt: h.height(),
    })
    expect(
      ['EURC', 'ACME'].map((s) => [
        h.balance(s, account),
        h.balance(s, bob.address),
        h.balance(s, erin.address),
      ]),
    ).toEqual(before)
    expect(h.account(account).executed).toEqual([])
  })
})

describe('rejection', () => {
  it('closes the proposal as soon as the policy can no longer be met', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    h.include(h.rejectTx(m2, proposal, 'duplicate payment'))
    expect(h.proposal(proposal.id).status).toBe('pending') // m1 and m3 can still make 2
    h.include(h.rejectTx(m3, proposal, ''))
    const rejected = h.proposal(proposal.id)
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejections: [
        { member: m2.address, reason: 'duplicate payment' },
        { member: m3.address, reason: '' },
      ],
      reason:
        `rejected by ${m3.address}; Policy rule 1 'Two of three' can no longer be met: ` +
        'Ops needs 2 more but only 1 member can still approve (2 rejected)',
    })
    const error = h.refuse(h.approveTx(m1, proposal))
    expect(error).toBeInstanceOf(ProposalNotOpen)
    expect(error.message).toBe(
      `proposal ${proposal.id} is rejected; cannot approve it: ${rejected.reason}`,
    )
    expect(error.details).toMatchObject({ status: 'rejected', reason: rejected.reason })
  })

  it('withdraws an earlier approval of the same member', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const proposal = h.approve(m2, h.propose(m1, account, transferAction('EURC', bob.address, 10n)))
    h.include(h.rejectTx(m2, proposal, 'changed my mind'))
    expect(h.proposal(proposal.id)).toMatchObject({ status: 'pending', approvals: [] })
    expect(h.refuse(h.rejectTx(m2, proposal)).message).toBe(
      `RejectProposal.proposalId: ${m2.address} has already rejected it`,
    )
  })

  it('refuses a reason with control characters', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    expect(h.refuse(h.rejectTx(m2, proposal, 'ok\u202e')).message).toBe(
      'RejectProposal.reason: must not contain control characters',
    )
  })
})

describe('cancellation', () => {
  it('by the initiator', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    h.include(h.cancelTx(m1, proposal))
    expect(h.proposal(proposal.id)).toMatchObject({
      status: 'cancelled',
      reason: `cancelled by ${m1.address}`,
    })
    expect(openProposalIds(h.state())).toEqual([])
    expect(h.refuse(h.cancelTx(m1, proposal))).toBeInstanceOf(ProposalNotOpen)
  })

  it('refused for a member who neither initiated nor administers', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    const error = h.refuse(h.cancelTx(m2, proposal))
    expect(error).toBeInstanceOf(Unauthorized)
    expect(error.message).toBe(
      `only the initiator ${m1.address} or a member who may propose policy changes may cancel proposal ${proposal.id}; ` +
        `no rule lets ${m2.address} propose policy changes`,
    )
    expect(h.proposal(proposal.id).status).toBe('pending')
  })

  it('by an administrator, even once approved and timelocked', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree({ timelockBlocks: 10n }))
    const proposal = h.approve(
      m3,
      h.approve(m2, h.propose(m1, account, transferAction('EURC', bob.address, 10n))),
    )
    expect(proposal.status).toBe('approved')
    h.include(h.cancelTx(m4, proposal))
    expect(h.proposal(proposal.id)).toMatchObject({
      status: 'cancelled',
      reason: `cancelled by ${m4.address}`,
    })
    h.advanceTo(proposal.executableAt)
    expect(h.refuse(h.executeTx(m1, proposal)).message).toBe(
      `proposal ${proposal.id} is cancelled; cannot execute it: cancelled by ${m4.address}`,
    )
  })
})

describe('policy change', () => {
  it('applies members and policy, and fails every other open proposal with the reason', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree({ timelockBlocks: 50n }))
    const pending = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    const approved = h.approve(
      m3,
      h.approve(m2, h.propose(m2, account, transferAction('EURC', carol.address, 20n))),
    )
    expect(approved.status).toBe('approved')

    const next: PolicySpec = {
      ...twoOfThree(),
      members: [m1, m2, m3, m4, m5],
      groups: { Ops: [m1, m2, m5], Admins: [m4] },
    }
    const wire = wirePolicy(next)
    // only administrators may propose it
    expect(h.refuse(h.tx(m1, 'ProposePolicyChange', { account, ...wire }))).toBeInstanceOf(
      PolicyDenied,
    )
    // a change that could never apply is refused at proposal
    const broken = h.refuse(
      h.tx(m4, 'ProposePolicyChange', { account, ...wire, members: [m1.address] }),
    )
    expect(broken.message).toMatch(
      /^ProposePolicyChange\.groups\[0\]\.members\[1\]: 0x[0-9a-f]+ is not a member of the account$/,
    )

    const change = h.proposal(h.include(h.tx(m4, 'ProposePolicyChange', { account, ...wire })))
    expect(change.action).toEqual({
      kind: 'policy-change',
      symbol: '',
      counterparty: ZERO_ADDRESS,
      amount: 0n,
      reference: membersAndPolicyHash(wire),
    })
    expect(change.change).toEqual(wire)
    expect(
      h.refuse(
        h.approveTx(m4, change, {
          action: { ...change.action, reference: `0x${'11'.repeat(32)}` },
        }),
      ).message,
    ).toContain('ApproveProposal.action.reference: the approval says 0x1111')
    expect(h.approve(m4, change).status).toBe('executed')
    const height = h.height()

    const record = h.account(account)
    expect(record.policyVersion).toBe(2n)
    expect(policyToWire(record)).toEqual(wire)
    const reason = `the account's policy changed at height ${height} (version 1 → 2); propose it again under the new policy`
    for (const p of [pending, approved])
      expect(h.proposal(p.id)).toMatchObject({ status: 'failed', reason, closedAt: height })
    expect(accountProposalIds(h.state(), account)).toEqual([pending.id, approved.id, change.id])
    expect(openProposalIds(h.state())).toEqual([])
    expect(h.balance('EURC', carol.address)).toBe(1_000_000n)

    // the new policy applies at once: m5 now approves, m3 no longer may
    const fresh = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    expect(fresh.policyVersion).toBe(2n)
    expect(h.refuse(h.approveTx(m3, fresh))).toBeInstanceOf(Unauthorized)
    expect(h.approve(m5, fresh).status).toBe('pending')
  })
})

describe('explanations', () => {
  it('follow a proposal from pending to timelocked to executed', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree({ timelockBlocks: 2n, expirySeconds: 3_600n }))
    const at = () => ({ height: h.height(), time: h.time() })
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 10n))
    let e = explainProposal(h.state(), proposal.id, at())
    expect(e.summary).toBe(
      `Policy rule 1 'Two of three' needs 2 more approvals from Ops (expires at ${new Date(Number(proposal.expiresAt) * 1000).toISOString().replace('.000Z', 'Z')})`,
    )
    expect(e.expiresInSeconds).toBe(3_600n)
    expect(e.explanation.canStillApprove).toEqual([m1, m2, m3].map((m) => m.address).sort())
    expect(e.currentPolicy).toBe(true)

    const approved = h.approve(m3, h.approve(m2, proposal))
    e = explainProposal(h.state(), proposal.id, at())
    expect(e.summary).toBe(
      `Fully approved; timelocked until height ${approved.executableAt} (2 more blocks)`,
    )
    expect(e.timelockRemainingBlocks).toBe(2n)
    h.advanceTo(approved.executableAt)
    expect(explainProposal(h.state(), proposal.id, at()).summary).toBe(
      'Fully approved; any member can execute it now',
    )

    h.include(h.executeTx(m2, approved))
    expect(explainProposal(h.state(), proposal.id, at()).summary).toBe(
      `Executed at height ${h.height()}`,
    )
  })

  it('give a closed proposal its final status and reason', () => {
    h = new AccountChain()
    const account = h.fundedAccount(allowAll)
    const failed = h.propose(m1, account, transferAction('ACME', erin.address, 1n))
    expect(
      explainProposal(h.state(), failed.id, { height: h.height(), time: h.time() }).summary,
    ).toBe(`Failed at height ${h.height()}: ${failed.reason}`)
  })

  it('explain a draft before anything is signed', () => {
    h = new AccountChain()
    const account = h.fundedAccount(twoOfThree())
    const e = explainDraft(
      h.state(),
      account,
      transferAction('EURC', bob.address, 10n),
      m1.address,
      h.time(),
    )
    expect(e).toMatchObject({
      decision: 'require',
      requires: '2 of Ops',
      summary: "Policy rule 1 'Two of three' needs 2 more approvals from Ops",
    })
    expect(
      explainDraft(
        h.state(),
        account,
        transferAction('EURC', bob.address, 10n),
        bob.address,
        h.time(),
      ).summary,
    ).toBe(`Denied: initiator ${bob.address} is not a member of account 'Treasury'`)
    expect(() =>
      explainDraft(
        h.state(),
        account,
        transferAction('EURC', ZERO_ADDRESS, 10n),
        m1.address,
        h.time(),
      ),
    ).toThrow('action.counterparty: must be the receiver of the transfer')
  })
})
