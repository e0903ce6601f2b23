/**
 * The institution's records an auditor export is tested on, made through signed transactions in
 * real blocks: a treasury account (2 groups, an admin rule) funded in a block of three
 * transactions, a payment proposed and approved, a large payment rejected by Risk, a policy
 * change, a governance proposal adding a validator (voted, tallied, the set changes), payments
 * signed by the new set, holdings over time (one proven absent), and audit log entries.
 */
import { accountAddress, type Address, type Hex } from '../../../../src/node/protocol'
import { getProposal } from '../../../../src/node/state/accounts'
import { m1, m2, m3, transferAction, wirePolicy, type PolicySpec } from '../../../fixtures/accounts'
import { govAction, newcomer, VOTING_PERIOD } from '../../../fixtures/governance'
import { alice, bob, carol, erin, kycProvider, validators } from '../../../fixtures/network'
import { RecordedChain } from './recordedChain'

export interface Scenario {
  net: RecordedChain
  treasury: Address
  payment: Hex
  largePayment: Hex
  policyChange: Hex
  govProposal: Hex
  /** Height at which the set with the newcomer signs. */
  newSetFrom: bigint
}

const [v1, v2, v3, v4] = validators as [
  (typeof validators)[0],
  (typeof validators)[0],
  (typeof validators)[0],
  (typeof validators)[0],
]

export const treasurySpec: PolicySpec = {
  members: [m1, m2, m3],
  groups: { Treasury: [m1, m2], Risk: [m3] },
  policy: [
    {
      name: 'Payments',
      match: { kinds: ['transfer'], maxAmount: 100_000n },
      outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 1 } },
      excludeInitiator: true,
    },
    {
      name: 'Large payments, "four eyes" + Risk',
      match: { kinds: ['transfer'], minAmount: 100_001n },
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
  ],
  adminRule: {
    name: 'Admins',
    match: { kinds: ['policy-change'] },
    outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 2 } },
  },
}

export function buildScenario(): Scenario {
  const net = new RecordedChain()
  const { records } = net
  const at = (seconds: number) => Number(net.timeMs()) + seconds
  records.appendAudit({ user: 'maria', action: 'app.unlock', time: at(0) })

  // the treasury account, onboarded and funded (the funding block holds three transactions)
  const treasury = accountAddress(alice.address, 0n)
  net.ours.add(treasury)
  net.send(alice, 'CreateAccount', { name: 'Treasury, Ops', ...wirePolicy(treasurySpec) })
  net.block()
  net.policyVersion(treasury)
  for (const [topic, value] of [
    ['kyc', 'true'],
    ['accredited', 'true'],
    ['jurisdiction', 'DE'],
  ])
    net.send(kycProvider, 'IssueClaim', { subject: treasury, topic, value, expiresAt: 0n })
  net.block()
  net.send(alice, 'Transfer', { symbol: 'EURC', to: treasury, amount: 250_000n })
  net.send(alice, 'Transfer', { symbol: 'ACME', to: treasury, amount: 1_000n })
  net.send(bob, 'Transfer', { symbol: 'EURC', to: carol.address, amount: 10n })
  net.block()
  for (const [symbol, holder] of [
    ['EURC', treasury],
    ['ACME', treasury],
    ['EURC', alice.address],
    ['ACME', erin.address],
  ] as const)
    net.holding(symbol, holder)

  // a payment: proposed by m1, approved by m2, executed
  const payment = net.send(m1, 'ProposeAction', {
    account: treasury,
    action: transferAction('EURC', bob.address, 500n),
  })
  net.block()
  net.proposal(payment)
  records.appendAudit({
    user: 'maria',
    action: 'proposal.approve',
    details: { id: payment },
    time: at(1),
  })
  const paid = getProposal(net.chain.state(), payment)
  net.send(m2, 'ApproveProposal', {
    account: treasury,
    proposalId: payment,
    action: paid.action,
    policyVersion: paid.policyVersion,
  })
  net.block()
  net.proposal(payment)
  net.holding('EURC', treasury)

  // a large payment, rejected by Risk
  const largePayment = net.send(m1, 'ProposeAction', {
    account: treasury,
    action: transferAction('EURC', carol.address, 200_000n),
  })
  net.block()
  net.proposal(largePayment)
  net.send(m3, 'RejectProposal', {
    account: treasury,
    proposalId: largePayment,
    reason: 'counterparty limit, see "Risk memo 12", section 4',
  })
  net.block()
  net.proposal(largePayment)

  // governance: add a validator
  const govProposal = net.send(v1, 'SubmitGovProposal', {
    title: 'Add validator-5, "Custos Ops"',
    description: 'Onboard the fifth operator',
    action: govAction({ kind: 'add-validator', target: newcomer.address, power: 10n }),
  })
  net.block()
  const submittedAt = net.height
  net.govProposal(govProposal)
  for (const [who, option] of [
    [v1, 'yes'],
    [v2, 'yes'],
    [v3, 'no'],
    [v4, 'abstain'],
  ] as const)
    net.send(who, 'CastVote', { proposalId: govProposal, option })
  net.block()
  net.govProposal(govProposal)
  net.runTo(submittedAt + VOTING_PERIOD)
  net.govProposal(govProposal)
  const newSetFrom = net.height + 2n
  records.appendAudit({
    user: 'li',
    action: 'gov.review',
    details: { id: govProposal },
    time: at(1),
  })

  // a policy change: the Risk group gains carol's desk (m2 moves there), Treasury needs 1
  const change = {
    ...treasurySpec,
    groups: { Treasury: [m1, m2], Risk: [m3, m2] },
  }
  const policyChange = net.send(m1, 'ProposePolicyChange', {
    account: treasury,
    ...wirePolicy(change),
  })
  net.block()
  net.proposal(policyChange)
  const pending = getProposal(net.chain.state(), policyChange)
  for (const who of [m1, m2])
    net.send(who, 'ApproveProposal', {
      account: treasury,
      proposalId: policyChange,
      action: pending.action,
      policyVersion: pending.policyVersion,
    })
  net.block()
  net.proposal(policyChange)
  net.policyVersion(treasury)

  // blocks signed by the new set, a payment under the new policy
  net.runTo(newSetFrom)
  const later = net.send(m2, 'ProposeAction', {
    account: treasury,
    action: transferAction('ACME', bob.address, 25n),
  })
  net.block()
  const laterProposal = getProposal(net.chain.state(), later)
  net.send(m1, 'ApproveProposal', {
    account: treasury,
    proposalId: later,
    action: laterProposal.action,
    policyVersion: laterProposal.policyVersion,
  })
  net.block()
  net.proposal(later)
  net.holding('ACME', treasury)
  net.holding('EURC', treasury)
  records.appendAudit({ user: 'maria', action: 'export.csv', details: { rows: 3 }, time: at(1) })
  return { net, treasury, payment, largePayment, policyChange, govProposal, newSetFrom }
}
