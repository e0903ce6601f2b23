/**
 * What `SubmitGovProposal` accepts and refuses, action kind by action kind, applied to the real
 * genesis state. Every refusal names the offending field and leaves the state untouched.
 */
import { describe, expect, it } from 'vitest'
import { InvalidValue, limits, verifyTx, type GovAction } from '../../../../src/node/protocol'
import {
  applyTx,
  buildGenesisState,
  parseGenesis,
  type BlockContext,
  type StateView,
} from '../../../../src/node/state'
import {
  getGovProposal,
  govProposalIds,
  votingGovProposalIds,
} from '../../../../src/node/state/governance'
import { govAction, governanceGenesis, newcomer, VOTING_PERIOD } from '../../../fixtures/governance'
import {
  alice,
  issuer,
  sign,
  stranger,
  testDomain,
  testGenesisDocument,
  validators,
  type Actor,
} from '../../../fixtures/network'

const [v1, v2] = validators as [Actor, Actor]
const HEIGHT = 10n
const ctx: BlockContext = { domain: testDomain, height: HEIGHT, time: 1_767_225_700n }
const votingEndsAt = HEIGHT + VOTING_PERIOD

function submit(view: StateView, action: GovAction, title = 'A proposal', description = ''): void {
  const tx = sign(v1, 'SubmitGovProposal', { title, description, action })
  applyTx(view, ctx, verifyTx(tx, { domain: testDomain }))
}

/** Expects the submission refused with InvalidValue naming `field`, the state unchanged. */
function refused(action: GovAction, field: string, reason: RegExp, view = freshState()): void {
  const before = view.changes()
  let caught: unknown
  try {
    submit(view, action)
  } catch (error) {
    caught = error
  }
  expect(caught, `${field} was accepted`).toBeInstanceOf(InvalidValue)
  const error = caught as InvalidValue
  expect(error.details['field']).toBe(field)
  expect(error.message).toMatch(reason)
  expect(view.changes()).toEqual(before)
}

function freshState(): StateView {
  return buildGenesisState(governanceGenesis()).fork()
}

/** An action of any kind, known or not (unknown kinds are refused). */
const action = (kind: string, fields: Omit<Partial<GovAction>, 'kind'> = {}): GovAction => ({
  ...govAction({ kind: 'text', ...fields }),
  kind,
})
const f = (name: string): string => `SubmitGovProposal.action.${name}`

describe('SubmitGovProposal accepts', () => {
  const valid: GovAction[] = [
    action('add-validator', { target: newcomer.address, power: 5n }),
    action('remove-validator', { target: v2.address }),
    action('set-validator-power', { target: v2.address, power: 20n }),
    action('grant-role', { target: alice.address, role: 'auditor' }),
    action('revoke-role', { target: issuer.address, role: 'issuer' }),
    action('change-param', { param: 'governance.quorum', value: '1/2' }),
    action('text'),
    action('software-upgrade', { value: 'v2', haltHeight: votingEndsAt + 2n }),
  ]
  it.each(valid.map((a) => [a.kind, a] as const))(
    'a valid %s proposal, opening its vote',
    (_, a) => {
      const view = freshState()
      submit(view, a, '  Title  ')
      const [id] = govProposalIds(view)
      expect(id).toBeDefined()
      const proposal = getGovProposal(view, id ?? '0x')
      expect(proposal).toMatchObject({
        title: 'Title',
        proposer: v1.address,
        submittedAt: HEIGHT,
        votingEndsAt,
        status: 'voting',
        votes: {},
        action: a,
      })
      expect(votingGovProposalIds(view)).toEqual([id])
    },
  )
})

describe('SubmitGovProposal refuses', () => {
  it('an unknown action kind', () => {
    refused(
      action('mint-money'),
      f('kind'),
      /unknown action "mint-money"; use one of add-validator/,
    )
  })

  it('a field the kind does not use', () => {
    refused(action('text', { value: 'x' }), f('value'), /must be zero or empty for a 'text' action/)
    refused(action('text', { target: alice.address }), f('target'), /must be zero or empty/)
    refused(
      action('add-validator', { target: newcomer.address, power: 1n, role: 'issuer' }),
      f('role'),
      /zero or empty/,
    )
    refused(
      action('remove-validator', { target: v2.address, power: 1n }),
      f('power'),
      /zero or empty for a 'remove-validator'/,
    )
    refused(
      action('grant-role', { target: alice.address, role: 'auditor', haltHeight: 1n }),
      f('haltHeight'),
      /zero or empty/,
    )
    refused(
      action('change-param', { param: 'maxLegs', value: '3', power: 1n }),
      f('power'),
      /zero or empty/,
    )
    refused(
      action('software-upgrade', { value: 'v2', haltHeight: 100n, param: 'x' }),
      f('param'),
      /zero or empty/,
    )
  })

  it('validator changes that make no sense', () => {
    refused(
      action('add-validator', { target: v2.address, power: 5n }),
      f('target'),
      /is already a validator/,
    )
    refused(action('add-validator', { target: newcomer.address }), f('power'), /must be positive/)
    refused(action('add-validator', { power: 5n }), f('target'), /must be set/)
    refused(
      action('remove-validator', { target: newcomer.address }),
      f('target'),
      /is not a validator/,
    )
    refused(
      action('set-validator-power', { target: newcomer.address, power: 3n }),
      f('target'),
      /is not a validator/,
    )
    refused(
      action('set-validator-power', { target: v2.address, power: 10n }),
      f('power'),
      /already has power 10/,
    )
    refused(action('set-validator-power', { target: v2.address }), f('power'), /must be positive/)
  })

  it('removing the last validator', () => {
    const doc = testGenesisDocument()
    const single = parseGenesis({
      ...doc,
      validators: [{ address: v1.address, power: '10', name: 'only' }],
    })
    refused(
      action('remove-validator', { target: v1.address }),
      f('target'),
      /is the last validator; the set must not become empty/,
      buildGenesisState(single).fork(),
    )
  })

  it('role changes that make no sense', () => {
    refused(
      action('grant-role', { target: alice.address, role: 'king' }),
      f('role'),
      /unknown role "king"/,
    )
    refused(
      action('grant-role', { target: stranger.address, role: 'auditor' }),
      f('target'),
      /is not a registered participant/,
    )
    refused(
      action('grant-role', { target: issuer.address, role: 'issuer' }),
      f('target'),
      /already holds issuer/,
    )
    refused(
      action('revoke-role', { target: alice.address, role: 'issuer' }),
      f('target'),
      /does not hold issuer/,
    )
  })

  it('parameter changes that do not parse or that the network cannot run with', () => {
    const change = (param: string, value: string) => action('change-param', { param, value })
    refused(
      change('maxCoffee', '1'),
      f('param'),
      /unknown parameter "maxCoffee"; use one of maxBlockTxs, /,
    )
    refused(change('maxLegs', 'many'), f('value'), /maxLegs must be a decimal integer/)
    refused(change('maxLegs', '007'), f('value'), /without leading zeros/)
    refused(change('maxLegs', '0'), f('value'), /maxLegs: must be an integer from 1 to 64/)
    refused(
      change('maxLegs', String(limits.maxListLength + 1)),
      f('value'),
      /maxLegs: must be an integer from 1 to 64/,
    )
    refused(
      change('maxBlockBytes', '1000'),
      f('value'),
      /maxBlockBytes: must be an integer from 16384/,
    )
    refused(change('maxBlockTxs', '99999999999999999999'), f('value'), /too large/)
    refused(
      change('governance.votingPeriodBlocks', '0'),
      f('value'),
      /governance\.votingPeriodBlocks: must be a positive integer/,
    )
    refused(
      change('governance.quorum', '0.5'),
      f('value'),
      /must be a fraction "numerator\/denominator"/,
    )
    refused(change('governance.quorum', '3/2'), f('value'), /governance\.quorum: must not exceed 1/)
    refused(change('governance.vetoThreshold', '1/0'), f('value'), /denominator must be positive/)
    refused(
      change('governance.threshold', '2/2'),
      f('value'),
      /governance\.threshold: must be below 1/,
    )
    refused(change('governance.proposerRoles', 'issuer,king'), f('value'), /unknown role "king"/)
    refused(change('governance.proposerRoles', 'issuer, issuer'), f('value'), /lists a role twice/)
    refused(change('maxLegs', '16'), f('value'), /maxLegs is already 16/)
    refused(
      change('governance.quorum', '334/1000'),
      f('value'),
      /governance\.quorum is already 334\/1000/,
    )
  })

  it('software upgrades without a name or with too early a halt height', () => {
    refused(action('software-upgrade', { haltHeight: 100n }), f('value'), /must name the upgrade/)
    refused(
      action('software-upgrade', { value: ' v2', haltHeight: 100n }),
      f('value'),
      /must not start or end with spaces/,
    )
    refused(
      action('software-upgrade', { value: 'v2\u202e', haltHeight: 100n }),
      f('value'),
      /control characters/,
    )
    refused(
      action('software-upgrade', { value: 'v2', haltHeight: votingEndsAt + 1n }),
      f('haltHeight'),
      new RegExp(`must be at least ${votingEndsAt + 2n} \\(voting ends at height ${votingEndsAt};`),
    )
  })

  it('an empty title and control characters in the texts', () => {
    const view = freshState()
    expect(() => submit(view, action('text'), '   ')).toThrow(
      /SubmitGovProposal\.title: must not be empty/,
    )
    expect(() => submit(view, action('text'), 'Hi\u0007')).toThrow(
      /SubmitGovProposal\.title: must not contain control characters/,
    )
    expect(() => submit(view, action('text'), 'Hi', 'line\u202e')).toThrow(
      /SubmitGovProposal\.description: must not contain control characters/,
    )
    expect(govProposalIds(view)).toEqual([])
  })
})
