/**
 * Attempts to get around governance, each refused with its reason and leaving the state
 * exactly as it was (same state root, same proposal record).
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  InvalidValue,
  NotFound,
  Unauthorized,
  type CustosError,
  type CustosErrorCode,
  type Hex,
  type TxKind,
  type TxMessages,
} from '../../../../src/node/protocol'
import {
  DoubleVote,
  getGovProposal,
  govProposalIds,
  VotingClosed,
} from '../../../../src/node/state/governance'
import {
  expectIncluded,
  expectRefused,
  govAction,
  governanceGenesis,
  GovernanceNet,
  removeTempStores,
} from '../../../fixtures/governance'
import { alice, issuer, validators, type Actor } from '../../../fixtures/network'

afterEach(removeTempStores)

const [v1, v2, v3] = validators as [Actor, Actor, Actor]

/** A net with one text proposal by v1 in voting (period 6 blocks). */
function withProposal(): { net: GovernanceNet; id: Hex } {
  const net = new GovernanceNet(governanceGenesis({ votingPeriodBlocks: '6' }))
  const id = net.propose(v1, govAction({ kind: 'text' }))
  return { net, id }
}

/** Sends one transaction in its own block; expects it refused and the state unchanged. */
function expectNoEffect<K extends TxKind, E extends CustosError>(
  net: GovernanceNet,
  attempt: [Actor, K, Omit<TxMessages[K], 'from' | 'nonce' | 'validUntil'>],
  refusal: [abstract new (...args: never[]) => E, CustosErrorCode, RegExp],
): E {
  const root = net.chain.store.stateRoot()
  const ids = govProposalIds(net.chain.state())
  const records = ids.map((id) => getGovProposal(net.chain.state(), id))
  const id = net.send(...attempt)
  const error = expectRefused(net.block(), id, ...refusal)
  expect(net.chain.store.stateRoot()).toBe(root)
  expect(
    govProposalIds(net.chain.state()).map((p) => getGovProposal(net.chain.state(), p)),
  ).toEqual(records)
  return error
}

describe('governance bypass attempts', () => {
  it('refuses a vote by a non-validator', () => {
    const { net, id } = withProposal()
    expectNoEffect(
      net,
      [alice, 'CastVote', { proposalId: id, option: 'yes' }],
      [
        Unauthorized,
        'UNAUTHORIZED',
        /^only validators vote; 0x[0-9a-f]{40} is not in the validator set at height 2$/,
      ],
    )
  })

  it('refuses the same vote twice (a vote counts once)', () => {
    const { net, id } = withProposal()
    net.vote(id, [[v1, 'yes']])
    const error = expectNoEffect(
      net,
      [v1, 'CastVote', { proposalId: id, option: 'yes' }],
      [DoubleVote, 'ALREADY_EXISTS', /already voted yes on governance proposal/],
    )
    expect(error.message).toContain(v1.address)
    expect(getGovProposal(net.chain.state(), id).votes).toEqual({ [v1.address]: 'yes' })
  })

  it('refuses a vote after the voting period', () => {
    const { net, id } = withProposal()
    const { votingEndsAt } = getGovProposal(net.chain.state(), id)
    net.runTo(votingEndsAt)
    expect(getGovProposal(net.chain.state(), id).status).toBe('no-quorum')
    expectNoEffect(
      net,
      [v2, 'CastVote', { proposalId: id, option: 'yes' }],
      [
        VotingClosed,
        'INVALID_STATUS',
        new RegExp(`voting ended at height ${votingEndsAt} \\(no-quorum\\)`),
      ],
    )
  })

  it('accepts a vote in the last block of the period', () => {
    const { net, id } = withProposal()
    net.runTo(getGovProposal(net.chain.state(), id).votingEndsAt - 1n)
    const vote = net.send(v2, 'CastVote', { proposalId: id, option: 'yes' })
    expectIncluded(net.block(), vote)
    expect(getGovProposal(net.chain.state(), id).tally?.yes).toBe(10n)
  })

  it('refuses a proposal by a non-validator without a proposer role', () => {
    const net = new GovernanceNet()
    expectNoEffect(
      net,
      [
        alice,
        'SubmitGovProposal',
        {
          title: 'Make me an issuer',
          description: '',
          action: govAction({ kind: 'grant-role', target: alice.address, role: 'issuer' }),
        },
      ],
      [
        Unauthorized,
        'UNAUTHORIZED',
        /^only validators may propose; 0x[0-9a-f]{40} is not in the validator set at height 1$/,
      ],
    )
  })

  it('refuses a proposal by a holder of a role that is not a proposer role', () => {
    const net = new GovernanceNet(governanceGenesis({ proposerRoles: ['regulator'] }))
    expectNoEffect(
      net,
      [
        issuer,
        'SubmitGovProposal',
        { title: 'Hello', description: '', action: govAction({ kind: 'text' }) },
      ],
      [
        Unauthorized,
        'UNAUTHORIZED',
        /^only validators \(or holders of roles regulator\) may propose/,
      ],
    )
  })

  it('accepts a proposal by a holder of a proposer role', () => {
    const net = new GovernanceNet(governanceGenesis({ proposerRoles: ['issuer'] }))
    const id = net.propose(issuer, govAction({ kind: 'text' }))
    expect(getGovProposal(net.chain.state(), id).proposer).toBe(issuer.address)
  })

  it('refuses a vote on an unknown proposal', () => {
    const { net } = withProposal()
    const unknown: Hex = `0x${'ab'.repeat(32)}`
    expectNoEffect(
      net,
      [v1, 'CastVote', { proposalId: unknown, option: 'yes' }],
      [NotFound, 'NOT_FOUND', /^governance proposal 0x(ab){32} not found$/],
    )
  })

  it('refuses an unknown vote option', () => {
    const { net, id } = withProposal()
    expectNoEffect(
      net,
      [v1, 'CastVote', { proposalId: id, option: 'maybe' }],
      [
        InvalidValue,
        'INVALID_VALUE',
        /^CastVote\.option: unknown option "maybe"; use one of yes, no, abstain, veto$/,
      ],
    )
  })

  it('ignores the vote of a validator removed before the tally', () => {
    const net = new GovernanceNet()
    const removal = net.propose(v1, govAction({ kind: 'remove-validator', target: v2.address }))
    net.vote(
      removal,
      validators.map((v) => [v, 'yes'] as const),
    )
    const text = net.propose(v1, govAction({ kind: 'text' }))
    // v2 still signs this block, so its vote is accepted …
    net.vote(text, [
      [v2, 'yes'],
      [v3, 'yes'],
    ])
    const { effectiveAt } = getGovProposal(net.chain.state(), removal)
    const { votingEndsAt } = getGovProposal(net.chain.state(), text)
    expect(effectiveAt).toBeDefined()
    expect(votingEndsAt).toBeGreaterThanOrEqual(effectiveAt ?? 0n)
    net.runTo(votingEndsAt)
    // … but the tally weighs votes by the set signing the last block of voting, without v2
    expect(getGovProposal(net.chain.state(), text).tally).toMatchObject({
      yes: 10n,
      totalPower: 30n,
    })
  })
})
