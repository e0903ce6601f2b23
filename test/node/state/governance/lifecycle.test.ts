/**
 * Governance proposals from submission to execution on a real chain: each outcome of the tally
 * and the effect of each action kind, checked in the state and in the blocks that follow.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  FieldTooLarge,
  Unauthorized,
  validatorSetHash,
  type Address,
  type Hex,
  type Validator,
} from '../../../../src/node/protocol'
import { getParams, getParticipant, getValidators } from '../../../../src/node/state'
import {
  getGovProposal,
  govProposalIds,
  liveTally,
  votingGovProposalIds,
} from '../../../../src/node/state/governance'
import {
  expectIncluded,
  expectRefused,
  govAction,
  GovernanceNet,
  newcomer,
  removeTempStores,
  VOTING_PERIOD,
} from '../../../fixtures/governance'
import { alice, bob, carol, kycProvider, stranger, validators } from '../../../fixtures/network'

afterEach(removeTempStores)

const [v1, v2, v3, v4] = validators as [
  (typeof validators)[0],
  (typeof validators)[0],
  (typeof validators)[0],
  (typeof validators)[0],
]

/** Addresses whose signatures are in the commit of block `height`. */
function signersOf(net: GovernanceNet, height: bigint): Address[] {
  const commit = net.chain.store.commit(height)
  if (!commit) throw new Error(`no commit for block ${height}`)
  return commit.signatures.map((s) => s.validator)
}

function setOf(entries: Array<[Address, bigint]>): Validator[] {
  return entries
    .map(([address, power]) => ({ address, power }))
    .sort((a, b) => (a.address < b.address ? -1 : 1))
}

const genesisSet = setOf(validators.map((v) => [v.address, 10n]))

/** Proposes at the next block, casts `votes` in the block after, runs to the tally. */
function decide(
  net: GovernanceNet,
  action: Parameters<typeof govAction>[0],
  votes: Array<[typeof v1, 'yes' | 'no' | 'abstain' | 'veto']>,
): { id: Hex; submittedAt: bigint } {
  const id = net.propose(v1, govAction(action))
  const submittedAt = net.height
  if (votes.length > 0) net.vote(id, votes)
  net.runTo(getGovProposal(net.chain.state(), id).votingEndsAt)
  return { id, submittedAt }
}

describe('governance tally outcomes', () => {
  it('a passed add-validator proposal takes effect exactly two blocks after the tally', () => {
    const net = new GovernanceNet()
    const id = net.propose(
      v1,
      govAction({ kind: 'add-validator', target: newcomer.address, power: 10n }),
    )
    const submittedAt = net.height
    const proposal = getGovProposal(net.chain.state(), id)
    expect(proposal).toMatchObject({
      status: 'voting',
      proposer: v1.address,
      votingEndsAt: submittedAt + VOTING_PERIOD,
    })
    expect(votingGovProposalIds(net.chain.state())).toEqual([id])

    net.vote(id, [
      [v1, 'yes'],
      [v2, 'yes'],
      [v3, 'yes'],
    ])
    expect(liveTally(net.chain.state(), id)).toMatchObject({ yes: 30n, outcome: 'passed' })
    const endsAt = submittedAt + VOTING_PERIOD
    net.runTo(endsAt)

    const decided = getGovProposal(net.chain.state(), id)
    expect(decided.status).toBe('passed')
    expect(decided.tally).toMatchObject({ yes: 30n, no: 0n, totalPower: 40n, outcome: 'passed' })
    expect(decided.reason).toMatch(/^Passed: 100% yes of 75% voting power/)
    expect(decided.effectiveAt).toBe(endsAt + 2n)
    expect(votingGovProposalIds(net.chain.state())).toEqual([])
    expect(govProposalIds(net.chain.state())).toEqual([id])
    expect(liveTally(net.chain.state(), id)).toEqual(decided.tally)

    net.runTo(endsAt + 3n)
    const withNewcomer = setOf([
      ...validators.map((v): [Address, bigint] => [v.address, 10n]),
      [newcomer.address, 10n],
    ])
    for (let h = 1n; h <= endsAt + 3n; h++) {
      const header = net.chain.store.block(h)?.header
      const effective = h >= endsAt + 2n
      // the set that signs block h: named by header h, and whose keys are in its commit
      expect(header?.validatorsHash, `block ${h}`).toBe(
        validatorSetHash(effective ? withNewcomer : genesisSet),
      )
      expect(signersOf(net, h).includes(newcomer.address), `block ${h}`).toBe(effective)
    }
    // header endsAt + 1 announces the new set as the one signing the block after it
    expect(net.chain.store.block(endsAt + 1n)?.header.nextValidatorsHash).toBe(
      validatorSetHash(withNewcomer),
    )
    expect(getValidators(net.chain.state())).toEqual(withNewcomer)
  })

  it('a rejected proposal changes nothing', () => {
    const net = new GovernanceNet()
    const { id } = decide(net, { kind: 'add-validator', target: newcomer.address, power: 10n }, [
      [v1, 'yes'],
      [v2, 'yes'],
      [v3, 'no'],
      [v4, 'no'],
    ])
    const proposal = getGovProposal(net.chain.state(), id)
    expect(proposal.status).toBe('rejected')
    expect(proposal.reason).toMatch(
      /^Rejected: 50% yes of 100% voting power \(more than 50% yes needed\)/,
    )
    expect(proposal.effectiveAt).toBeUndefined()
    net.runTo(net.height + 3n)
    expect(getValidators(net.chain.state())).toEqual(genesisSet)
  })

  it('a vetoed proposal changes nothing, whatever the yes share', () => {
    const net = new GovernanceNet()
    const { id } = decide(net, { kind: 'grant-role', target: alice.address, role: 'issuer' }, [
      [v1, 'yes'],
      [v2, 'yes'],
      [v3, 'veto'],
      [v4, 'veto'],
    ])
    const proposal = getGovProposal(net.chain.state(), id)
    expect(proposal.status).toBe('vetoed')
    expect(proposal.reason).toMatch(/^Vetoed: 50% of votes cast were veto/)
    expect(getParticipant(net.chain.state(), alice.address)?.roles).toEqual([])
  })

  it('a proposal without quorum changes nothing', () => {
    const net = new GovernanceNet()
    const { id } = decide(net, { kind: 'change-param', param: 'maxLegs', value: '2' }, [
      [v1, 'yes'],
    ])
    const proposal = getGovProposal(net.chain.state(), id)
    expect(proposal.status).toBe('no-quorum')
    expect(proposal.reason).toBe('No quorum: 25% of voting power voted, 33.4% needed')
    expect(getParams(net.chain.state()).maxLegs).toBe(16)
  })

  it('counts a changed vote once, with its latest option', () => {
    const net = new GovernanceNet()
    const id = net.propose(v1, govAction({ kind: 'text' }))
    net.vote(id, [
      [v1, 'yes'],
      [v2, 'yes'],
    ])
    net.vote(id, [
      [v1, 'no'],
      [v3, 'no'],
    ])
    net.runTo(getGovProposal(net.chain.state(), id).votingEndsAt)
    const proposal = getGovProposal(net.chain.state(), id)
    expect(proposal.votes).toEqual({ [v1.address]: 'no', [v2.address]: 'yes', [v3.address]: 'no' })
    expect(proposal.tally).toMatchObject({ yes: 10n, no: 20n, votedPower: 30n })
    expect(proposal.status).toBe('rejected')
  })
})

const allYes: Array<[typeof v1, 'yes']> = validators.map((v) => [v, 'yes'])

describe('governance actions', () => {
  it('removes a validator: from two blocks after the tally it no longer signs nor votes', () => {
    const net = new GovernanceNet()
    const { id, submittedAt } = decide(
      net,
      { kind: 'remove-validator', target: v4.address },
      allYes,
    )
    const endsAt = submittedAt + VOTING_PERIOD
    expect(getGovProposal(net.chain.state(), id)).toMatchObject({
      status: 'passed',
      effectiveAt: endsAt + 2n,
    })
    net.runTo(endsAt + 2n)
    expect(signersOf(net, endsAt + 1n)).toContain(v4.address)
    expect(signersOf(net, endsAt + 2n)).not.toContain(v4.address)
    expect(getValidators(net.chain.state()).map((v) => v.address)).not.toContain(v4.address)

    const next = net.propose(v1, govAction({ kind: 'text' }))
    const vote = net.send(v4, 'CastVote', { proposalId: next, option: 'yes' })
    expectRefused(
      net.block(),
      vote,
      Unauthorized,
      'UNAUTHORIZED',
      /^only validators vote; 0x[0-9a-f]{40} is not in the validator set at height \d+$/,
    )
  })

  it('changes a validator power from two blocks after the tally', () => {
    const net = new GovernanceNet()
    const { submittedAt } = decide(
      net,
      { kind: 'set-validator-power', target: v2.address, power: 25n },
      allYes,
    )
    const endsAt = submittedAt + VOTING_PERIOD
    net.runTo(endsAt + 2n)
    const changed = setOf(validators.map((v) => [v.address, v === v2 ? 25n : 10n]))
    expect(net.chain.store.block(endsAt + 1n)?.header.validatorsHash).toBe(
      validatorSetHash(genesisSet),
    )
    expect(net.chain.store.block(endsAt + 2n)?.header.validatorsHash).toBe(
      validatorSetHash(changed),
    )
  })

  it('marks a passed removal that would empty the set as failed, applying nothing of it', () => {
    const net = new GovernanceNet()
    // every validator proposes removing itself in the same block: each alone is valid
    const ids = validators.map((v) =>
      net.send(v, 'SubmitGovProposal', {
        title: `Remove ${v.name}`,
        description: '',
        action: govAction({ kind: 'remove-validator', target: v.address }),
      }),
    )
    const submitted = net.block()
    for (const id of ids) expectIncluded(submitted, id)
    for (const v of validators)
      for (const id of ids) net.send(v, 'CastVote', { proposalId: id, option: 'yes' })
    expect(net.block().included).toHaveLength(16)
    const endsAt = submitted.head.height + VOTING_PERIOD
    net.runTo(endsAt + 2n)

    const state = net.chain.state()
    const statuses = ids.map((id) => getGovProposal(state, id).status)
    expect(statuses.filter((s) => s === 'passed')).toHaveLength(3)
    const failed = ids.map((id) => getGovProposal(state, id)).filter((p) => p.status === 'failed')
    expect(failed).toHaveLength(1)
    expect(failed[0]?.reason).toMatch(
      /^Passed: .*, but it could not be executed: action\.target: 0x[0-9a-f]{40} is the last validator; the set must not become empty$/,
    )
    expect(failed[0]?.effectiveAt).toBeUndefined()
    expect(getValidators(state)).toEqual([{ address: failed[0]?.action.target, power: 10n }])
  })

  it('grants a role, after which the grantee acts in it, and revokes it', () => {
    const net = new GovernanceNet()
    const claim = { subject: stranger.address, topic: 'kyc', value: 'true', expiresAt: 0n }
    const before = net.send(alice, 'IssueClaim', claim)
    expectRefused(
      net.block(),
      before,
      Unauthorized,
      'UNAUTHORIZED',
      /is not a trusted claim issuer/,
    )

    const grant = decide(
      net,
      { kind: 'grant-role', target: alice.address, role: 'claim-issuer' },
      allYes,
    )
    expect(getGovProposal(net.chain.state(), grant.id).status).toBe('passed')
    expect(getParticipant(net.chain.state(), alice.address)?.roles).toEqual(['claim-issuer'])
    const granted = net.send(alice, 'IssueClaim', claim)
    expectIncluded(net.block(), granted)
    expect(getParticipant(net.chain.state(), stranger.address)?.claims.kyc?.issuer).toBe(
      alice.address,
    )

    const revoke = decide(
      net,
      { kind: 'revoke-role', target: alice.address, role: 'claim-issuer' },
      allYes,
    )
    expect(getGovProposal(net.chain.state(), revoke.id).status).toBe('passed')
    expect(getParticipant(net.chain.state(), alice.address)?.roles).toEqual([])
    const after = net.send(alice, 'IssueClaim', { ...claim, subject: bob.address })
    expectRefused(net.block(), after, Unauthorized, 'UNAUTHORIZED', /is not a trusted claim issuer/)
  })

  it('changes a parameter, which the network enforces from the next block', () => {
    const net = new GovernanceNet()
    const { id } = decide(net, { kind: 'change-param', param: 'maxLegs', value: '1' }, allYes)
    expect(getGovProposal(net.chain.state(), id).reason).toMatch(/executed: parameters changed$/)
    expect(getParams(net.chain.state()).maxLegs).toBe(1)
    const dvp = net.send(alice, 'CreateInstruction', {
      reference: 'T-1',
      settleBy: 4_000_000_000n,
      legs: [
        { symbol: 'ACME', from: alice.address, to: carol.address, amount: 1n },
        { symbol: 'EURC', from: carol.address, to: alice.address, amount: 1n },
      ],
    })
    expectRefused(
      net.block(),
      dvp,
      FieldTooLarge,
      'FIELD_TOO_LARGE',
      /CreateInstruction\.legs is 2 long; the limit is 1/,
    )
  })

  it('changes the governance rules themselves: the voting period and who may propose', () => {
    const net = new GovernanceNet()
    decide(
      net,
      { kind: 'change-param', param: 'governance.votingPeriodBlocks', value: '7' },
      allYes,
    )
    decide(
      net,
      { kind: 'change-param', param: 'governance.proposerRoles', value: 'claim-issuer' },
      allYes,
    )
    expect(getParams(net.chain.state()).governance).toMatchObject({
      votingPeriodBlocks: 7n,
      proposerRoles: ['claim-issuer'],
    })
    // the KYC provider holds claim-issuer: it may now propose, and voting lasts 7 blocks
    const id = net.propose(kycProvider, govAction({ kind: 'text' }))
    expect(getGovProposal(net.chain.state(), id)).toMatchObject({
      proposer: kycProvider.address,
      votingEndsAt: net.height + 7n,
    })
  })

  it('a text proposal passes and changes nothing else', () => {
    const net = new GovernanceNet()
    const paramsBefore = getParams(net.chain.state())
    const { id } = decide(net, { kind: 'text' }, allYes)
    expect(getGovProposal(net.chain.state(), id)).toMatchObject({
      status: 'passed',
      reason: expect.stringMatching(/executed: nothing to execute$/),
    })
    expect(getParams(net.chain.state())).toEqual(paramsBefore)
    expect(getValidators(net.chain.state())).toEqual(genesisSet)
  })
})
