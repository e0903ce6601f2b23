/**
 * Every rule feature, decided on chain through signed transactions in real blocks: each
 * matcher, first-match order, default deny, AND/OR thresholds, velocity windows at the edge of
 * the sliding window, timelocks, expiry and excludeInitiator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  InvalidStatus,
  PolicyDenied,
  verifyTx,
  type Action,
  type Address,
} from '../../../../src/node/protocol'
import { applyTx, StateView } from '../../../../src/node/state'
import {
  expireProposals,
  explainProposal,
  formatTime,
  openProposalIds,
  type ProposalStatus,
} from '../../../../src/node/state/accounts'
import {
  AccountChain,
  m1,
  m2,
  m3,
  m4,
  m5,
  transferAction,
  ZERO_ADDRESS,
  ZERO_REF,
  type PolicySpec,
} from '../../../fixtures/accounts'
import { expectError } from '../../../fixtures/expectError'
import { bob, carol, dave, erin, testDomain, type Actor } from '../../../fixtures/network'

const treasury = [m1, m2, m3]
const risk = [m4, m5]

/** Rules in first-match order; the rows below name the one they expect. */
const spec: PolicySpec = {
  members: [...treasury, ...risk],
  groups: { Treasury: treasury, Risk: risk },
  policy: [
    {
      name: 'Sanctioned',
      match: { kinds: ['transfer'], counterparties: [dave.address] },
      outcome: { type: 'block' },
    },
    {
      name: 'Small EURC',
      match: {
        kinds: ['transfer'],
        assets: ['EURC'],
        maxAmount: 1_000n,
        initiators: { groups: ['Treasury'] },
      },
      outcome: { type: 'allow' },
    },
    {
      name: 'Whitelisted',
      match: {
        kinds: ['transfer'],
        assets: ['EURC'],
        minAmount: 1_001n,
        maxAmount: 50_000n,
        counterparties: [bob.address, carol.address],
      },
      outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 1 } },
    },
    {
      name: 'Large',
      match: { kinds: ['transfer'], minAmount: 50_001n },
      outcome: {
        type: 'require',
        approvals: {
          all: [
            { group: 'Treasury', threshold: 2 },
            { group: 'Risk', threshold: 1 },
          ],
        },
      },
    },
    {
      name: 'ACME by m4',
      match: { kinds: ['transfer'], assets: ['ACME'], initiators: { members: [m4.address] } },
      outcome: {
        type: 'require',
        approvals: {
          any: [
            { group: 'Treasury', threshold: 2 },
            { group: 'Risk', threshold: 2 },
          ],
        },
      },
    },
    { name: 'No agent actions', match: { kinds: ['agent-action'] }, outcome: { type: 'block' } },
  ],
}

const pause: Action = {
  kind: 'pause',
  symbol: 'EURC',
  counterparty: ZERO_ADDRESS,
  amount: 0n,
  reference: ZERO_REF,
}

describe('matchers, first-match order and default deny', () => {
  let h: AccountChain
  let account: Address
  beforeAll(() => {
    h = new AccountChain()
    account = h.fundedAccount(spec, 500_000n)
  })
  afterAll(() => h.close())

  it.each<[string, Actor, Action, string, ProposalStatus | RegExp]>([
    // name, initiator, action, rule, status or PolicyDenied message
    [
      'counterparty whitelist blocks first (first match wins)',
      m1,
      transferAction('EURC', dave.address, 10n),
      'Sanctioned',
      /^Policy rule 1 'Sanctioned' blocks this transfer of 10 EURC to 0x/,
    ],
    [
      'max amount is inclusive: allowed at once',
      m1,
      transferAction('EURC', bob.address, 1_000n),
      'Small EURC',
      'executed',
    ],
    [
      'initiator group: Risk may not use the Treasury rule → default deny',
      m4,
      transferAction('EURC', bob.address, 500n),
      '',
      /^Denied: no policy rule matches this transfer of 500 EURC to 0x.*; no match means deny$/,
    ],
    [
      'min amount: 1,001 falls to the next rule',
      m1,
      transferAction('EURC', bob.address, 1_001n),
      'Whitelisted',
      'pending',
    ],
    [
      'counterparty whitelist: carol is listed',
      m2,
      transferAction('EURC', carol.address, 50_000n),
      'Whitelisted',
      'pending',
    ],
    [
      'counterparty whitelist: erin is not → default deny',
      m1,
      transferAction('EURC', erin.address, 1_001n),
      '',
      /^Denied: no policy rule matches/,
    ],
    [
      'min amount of an unbounded-asset rule',
      m3,
      transferAction('EURC', erin.address, 50_001n),
      'Large',
      'pending',
    ],
    [
      'asset matcher: ACME is not EURC',
      m1,
      transferAction('ACME', bob.address, 5n),
      '',
      /^Denied: no policy rule matches this transfer of 5 ACME/,
    ],
    [
      'initiator member matcher',
      m4,
      transferAction('ACME', bob.address, 5n),
      'ACME by m4',
      'pending',
    ],
    [
      'kind matcher: agent actions are blocked',
      m1,
      pause,
      'No agent actions',
      /^Policy rule 6 'No agent actions' blocks this token agent action of EURC$/,
    ],
  ])('%s', (_name, who, action, rule, expected) => {
    const tx = h.proposeTx(who, account, action)
    if (expected instanceof RegExp) {
      const error = h.refuse(tx)
      expect(error).toBeInstanceOf(PolicyDenied)
      expect(error.code).toBe('POLICY_DENIED')
      expect(error.message).toMatch(expected)
      return
    }
    const proposal = h.proposal(h.include(tx))
    expect(proposal.rule.name).toBe(rule)
    expect(proposal.status).toBe(expected)
    expect(proposal.approvals).toEqual([]) // proposing is not approving
  })

  it('a non-member cannot propose', () => {
    const error = h.refuse(h.proposeTx(bob, account, transferAction('EURC', carol.address, 5n)))
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.message).toContain(`is not a member of account 'Treasury' (${account})`)
  })
})

describe('AND / OR thresholds', () => {
  let h: AccountChain
  let account: Address
  beforeAll(() => {
    h = new AccountChain()
    account = h.fundedAccount(spec, 500_000n)
  })
  afterAll(() => h.close())

  it.each<[string, Actor, Action, Actor[], number]>([
    // name, initiator, action, approvers in order, approvals after which it executes
    [
      'AND: 2 Treasury then 1 Risk',
      m1,
      transferAction('EURC', erin.address, 60_000n),
      [m1, m2, m4],
      3,
    ],
    [
      'AND: Risk first, then 2 Treasury',
      m1,
      transferAction('EURC', erin.address, 60_000n),
      [m5, m3, m2],
      3,
    ],
    [
      'AND: 3 Treasury are not enough without Risk',
      m1,
      transferAction('EURC', erin.address, 60_000n),
      [m1, m2, m3, m4],
      4,
    ],
    ['OR: 2 of Risk', m4, transferAction('ACME', bob.address, 7n), [m4, m5], 2],
    ['OR: 2 of Treasury', m4, transferAction('ACME', bob.address, 7n), [m2, m3], 2],
    ['OR: one of each is not enough', m4, transferAction('ACME', bob.address, 7n), [m1, m5, m2], 3],
    ['threshold 1', m2, transferAction('EURC', bob.address, 2_000n), [m3], 1],
  ])('%s', (_name, initiator, action, approvers, executesAfter) => {
    let proposal = h.propose(initiator, account, action)
    expect(proposal.status).toBe('pending')
    approvers.forEach((approver, i) => {
      proposal = h.approve(approver, proposal)
      expect(proposal.status, `after ${i + 1} approvals`).toBe(
        i + 1 >= executesAfter ? 'executed' : 'pending',
      )
    })
  })
})

describe('velocity: a sliding window', () => {
  let h: AccountChain
  afterEach(() => h.close())

  it.each<[string, bigint, bigint, 'executed' | RegExp]>([
    // name, seconds after the first transfer (600 EURC), amount, result
    ['inside the window, within the limit', 10n, 400n, 'executed'],
    [
      'inside the window, over the limit',
      10n,
      401n,
      /velocity limit 1,000 EURC per 100 s would be exceeded: 600 already used, 401 requested$/,
    ],
    ['last second inside the window', 99n, 401n, /600 already used, 401 requested$/],
    ['first second outside the window', 100n, 1_000n, 'executed'],
  ])('%s', (_name, offset, amount, expected) => {
    h = new AccountChain()
    const account = h.fundedAccount({
      members: [m1],
      groups: { Solo: [m1] },
      policy: [
        {
          name: 'Capped',
          match: { kinds: ['transfer'], assets: ['EURC'] },
          outcome: { type: 'allow' },
          velocity: { asset: 'EURC', amount: 1_000n, periodSeconds: 100n },
        },
      ],
    })
    const start = h.time() + 1n
    expect(h.propose(m1, account, transferAction('EURC', bob.address, 600n), start).status).toBe(
      'executed',
    )
    expect(h.account(account).executed).toEqual([{ time: start, asset: 'EURC', amount: 600n }])
    const tx = h.proposeTx(m1, account, transferAction('EURC', bob.address, amount))
    if (expected instanceof RegExp) {
      expect(h.refuse(tx, start + offset).message).toMatch(expected)
    } else {
      expect(h.proposal(h.include(tx, start + offset)).status).toBe('executed')
      // entries no rule counts any more are dropped
      const kept = h.account(account).executed.map((e) => e.amount)
      expect(kept).toEqual(offset >= 100n ? [amount] : [600n, amount])
    }
  })

  it('is checked again at execution: approvals given earlier do not lift it', () => {
    h = new AccountChain()
    const account = h.fundedAccount({
      members: [m1, m2],
      groups: { Ops: [m1, m2] },
      policy: [
        {
          name: 'Capped',
          match: { kinds: ['transfer'] },
          outcome: { type: 'require', approvals: { group: 'Ops', threshold: 1 } },
          velocity: { asset: 'EURC', amount: 1_000n, periodSeconds: 3_600n },
        },
      ],
    })
    const first = h.propose(m1, account, transferAction('EURC', bob.address, 700n))
    const second = h.propose(m1, account, transferAction('EURC', bob.address, 700n))
    expect(h.approve(m2, first).status).toBe('executed')
    const failed = h.approve(m2, second)
    expect(failed.status).toBe('failed')
    expect(failed.reason).toBe(
      'velocity limit 1,000 EURC per 3,600 s would be exceeded: 700 already used, 700 requested',
    )
    expect(h.balance('EURC', account)).toBe(100_000n - 700n)
  })
})

describe('timelock', () => {
  let h: AccountChain
  afterEach(() => h.close())

  const timelocked = (outcome: 'allow' | 'require'): PolicySpec => ({
    members: [m1, m2],
    groups: { Ops: [m1, m2] },
    policy: [
      {
        name: 'Slow',
        match: { kinds: ['transfer'] },
        outcome:
          outcome === 'allow'
            ? { type: 'allow' }
            : { type: 'require', approvals: { group: 'Ops', threshold: 1 } },
        timelockBlocks: 3n,
      },
    ],
  })

  it.each(['allow', 'require'] as const)(
    '%s: execution is refused at executableAt − 1 and allowed at executableAt',
    (outcome) => {
      h = new AccountChain()
      const account = h.fundedAccount(timelocked(outcome))
      let proposal = h.propose(m1, account, transferAction('EURC', bob.address, 50n))
      if (outcome === 'require') {
        expect(proposal.status).toBe('pending')
        proposal = h.approve(m2, proposal)
      }
      expect(proposal.status).toBe('approved')
      expect(proposal.executableAt).toBe(h.height() + 3n)
      h.advanceTo(proposal.executableAt - 2n) // the next block is executableAt − 1
      const error = h.refuse(h.executeTx(m2, proposal))
      expect(error).toBeInstanceOf(InvalidStatus)
      expect(error.message).toContain(
        `is timelocked until height ${proposal.executableAt} (now ${proposal.executableAt - 1n})`,
      )
      expect(h.balance('EURC', bob.address)).toBe(1_000_000n)
      h.include(h.executeTx(m2, proposal))
      expect(h.height()).toBe(proposal.executableAt)
      expect(h.proposal(proposal.id).status).toBe('executed')
      expect(h.balance('EURC', bob.address)).toBe(1_000_050n)
    },
  )
})

describe('expiry', () => {
  let h: AccountChain
  let account: Address
  afterEach(() => h.close())

  function setup() {
    h = new AccountChain()
    account = h.fundedAccount({
      members: [m1, m2, m3],
      groups: { Ops: [m1, m2, m3] },
      policy: [
        {
          name: 'Expiring',
          match: { kinds: ['transfer'] },
          outcome: { type: 'require', approvals: { group: 'Ops', threshold: 2 } },
          expirySeconds: 60n,
        },
      ],
    })
    const at = h.time() + 1n
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 50n), at)
    expect(proposal.expiresAt).toBe(at + 60n)
    return proposal
  }

  it('approvals count up to expiresAt inclusive', () => {
    const proposal = setup()
    expect(h.approve(m2, proposal, proposal.expiresAt).status).toBe('pending')
  })

  it('an approval after expiresAt is refused, even before the end-of-block sweep', () => {
    const proposal = setup()
    const late = h.approveTx(m2, proposal)
    // the handler alone, in a block one second past expiry: refused, nothing written
    const view = h.state().fork()
    const ctx = { domain: testDomain, height: h.height() + 1n, time: proposal.expiresAt + 1n }
    const error = expectError(
      () => applyTx(view, ctx, verifyTx(late, { domain: testDomain })),
      InvalidStatus,
      'INVALID_STATUS',
    )
    expect(error.message).toBe(
      `proposal ${proposal.id} is expired; cannot approve it: it expired at ${formatTime(proposal.expiresAt)} (block time ${formatTime(proposal.expiresAt + 1n)})`,
    )
    expect(view.changes()).toEqual([])
    // in a real block: refused, and the sweep closes the proposal at the end of that block
    const produced = h.block([late], proposal.expiresAt + 1n)
    expect(produced.included).toEqual([])
    expect(produced.rejected[0]?.error.message).toBe(error.message)
    const after = h.proposal(proposal.id)
    expect(after.status).toBe('expired')
    expect(after.approvals).toEqual([])
  })

  it('the end-of-block sweep expires it, saying when', () => {
    const proposal = setup()
    h.block([], proposal.expiresAt)
    expect(h.proposal(proposal.id).status).toBe('pending')
    h.block([], proposal.expiresAt + 1n)
    const expired = h.proposal(proposal.id)
    expect(expired).toMatchObject({
      status: 'expired',
      reason: `not approved before it expired at ${formatTime(proposal.expiresAt)}`,
      closedAt: h.height(),
    })
    expect(openProposalIds(h.state())).toEqual([])
    expect(h.balance('EURC', bob.address)).toBe(1_000_000n)
  })

  it('expireProposals counts what it expires and reads one key when nothing is open', () => {
    const proposal = setup()
    const ctx = { domain: testDomain, height: h.height() + 1n, time: proposal.expiresAt + 1n }
    expect(expireProposals(h.state().fork(), ctx)).toBe(1)
    h.block([], proposal.expiresAt + 1n)
    const reads: string[] = []
    const counting = new StateView({
      get: (key: string) => {
        reads.push(key)
        return h.store.get(key)
      },
    })
    expect(expireProposals(counting, ctx)).toBe(0)
    expect(reads).toEqual(['proposals/open'])
  })
})

describe('excludeInitiator', () => {
  let h: AccountChain
  afterEach(() => h.close())

  const fourEyes = (threshold: number): PolicySpec => ({
    members: [m1, m2, m3],
    groups: { Ops: [m1, m2, m3] },
    policy: [
      {
        name: 'Four eyes',
        match: { kinds: ['transfer'] },
        outcome: { type: 'require', approvals: { group: 'Ops', threshold } },
        excludeInitiator: true,
      },
    ],
  })

  it('the initiator cannot approve; two others can', () => {
    h = new AccountChain()
    const account = h.fundedAccount(fourEyes(2))
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 50n))
    const explained = explainProposal(h.state(), proposal.id, {
      height: h.height(),
      time: h.time(),
    })
    expect(explained.explanation.canStillApprove).toEqual([m2.address, m3.address].sort())
    const error = h.refuse(h.approveTx(m1, proposal))
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.message).toBe(
      `Policy rule 1 'Four eyes' excludes the initiator from approving: ${m1.address} proposed it; another member must approve`,
    )
    expect(h.approve(m2, proposal).status).toBe('pending')
    expect(h.approve(m3, proposal).status).toBe('executed')
  })

  it('a requirement only the initiator could complete is denied at proposal', () => {
    h = new AccountChain()
    const account = h.fundedAccount(fourEyes(3))
    const error = h.refuse(h.proposeTx(m1, account, transferAction('EURC', bob.address, 50n)))
    expect(error).toBeInstanceOf(PolicyDenied)
    expect(error.message).toBe(
      "Policy rule 1 'Four eyes' can no longer be met: Ops needs 3 more but only 2 members can still approve (0 rejected, 1 excluded as initiator)",
    )
  })

  it('one rejection makes 2 of 3 impossible when the initiator is excluded', () => {
    h = new AccountChain()
    const account = h.fundedAccount(fourEyes(2))
    const proposal = h.propose(m1, account, transferAction('EURC', bob.address, 50n))
    h.include(h.rejectTx(m2, proposal, 'wrong IBAN'))
    expect(h.proposal(proposal.id)).toMatchObject({
      status: 'rejected',
      reason:
        `rejected by ${m2.address} (wrong IBAN); Policy rule 1 'Four eyes' can no longer be met: ` +
        'Ops needs 2 more but only 1 member can still approve (1 rejected, 1 excluded as initiator)',
    })
  })
})
