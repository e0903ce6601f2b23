/**
 * What a governance action would do, checked against the current state. Run when a proposal is
 * submitted (errors name `SubmitGovProposal.action.<field>`) and again when it passes (state may
 * have moved on meanwhile: another proposal may have removed the same validator).
 */
import { InvalidValue } from '../../protocol/errors'
import type { Address, GovAction } from '../../protocol/messages'
import { govActionKinds, type GovActionKind } from '../../protocol/txTypes'
import { checkDisplayText, getParticipant } from '../identity/participants'
import { roles, type Role } from '../identity/types'
import {
  applyParamChange,
  formatParam,
  getParams,
  isParamName,
  type Params,
} from '../params/params'
import type { StateView } from '../view'
import { decidedValidatorPowers } from './validatorSet'

/** The change a valid action makes, ready to apply. */
export type GovEffect =
  | { kind: 'validator'; address: Address; power: bigint }
  | { kind: 'role'; target: Address; role: Role; grant: boolean }
  | { kind: 'params'; params: Params }
  | { kind: 'text' }
  | { kind: 'upgrade'; name: string; haltHeight: bigint }

export interface CheckGovActionParameters {
  view: StateView
  action: GovAction
  /** The height at whose end the action would apply (the last height of voting). */
  decidedAt: bigint
  /** Prefix of field names in errors, e.g. 'SubmitGovProposal.action'. */
  field: string
}

const ZERO_ADDRESS = `0x${'00'.repeat(20)}`

/** Fields each kind uses; every other field must be zero or empty. */
const usedFields: Record<GovActionKind, ReadonlyArray<keyof GovAction>> = {
  'add-validator': ['target', 'power'],
  'remove-validator': ['target'],
  'set-validator-power': ['target', 'power'],
  'grant-role': ['target', 'role'],
  'revoke-role': ['target', 'role'],
  'change-param': ['param', 'value'],
  text: [],
  'software-upgrade': ['value', 'haltHeight'],
}

function isEmpty(action: GovAction, field: keyof GovAction): boolean {
  const value = action[field]
  if (field === 'target') return String(value).toLowerCase() === ZERO_ADDRESS
  return value === '' || value === 0n
}

/**
 * Checks `action` and returns its effect; throws `InvalidValue` naming `<field>.<name>` when
 * the kind is unknown, an unused field is set, or the change makes no sense in this state.
 */
export function checkGovAction(p: CheckGovActionParameters): GovEffect {
  const { action, field } = p
  if (!(govActionKinds as readonly string[]).includes(action.kind))
    throw new InvalidValue(
      `${field}.kind`,
      `unknown action ${JSON.stringify(action.kind)}; use one of ${govActionKinds.join(', ')}`,
    )
  const kind = action.kind as GovActionKind
  const used = usedFields[kind]
  for (const name of ['target', 'power', 'role', 'param', 'value', 'haltHeight'] as const) {
    if (!used.includes(name) && !isEmpty(action, name))
      throw new InvalidValue(`${field}.${name}`, `must be zero or empty for a '${kind}' action`)
  }
  switch (kind) {
    case 'add-validator':
    case 'remove-validator':
    case 'set-validator-power':
      return checkValidatorChange(p, kind)
    case 'grant-role':
    case 'revoke-role':
      return checkRoleChange(p, kind === 'grant-role')
    case 'change-param':
      return checkParamChange(p)
    case 'text':
      return { kind: 'text' }
    case 'software-upgrade':
      return checkUpgrade(p)
  }
}

function checkValidatorChange(p: CheckGovActionParameters, kind: GovActionKind): GovEffect {
  const { action, field } = p
  const address = action.target.toLowerCase() as Address
  if (address === ZERO_ADDRESS) throw new InvalidValue(`${field}.target`, 'must be set')
  const powers = decidedValidatorPowers(p.view)
  const current = powers.get(address)
  if (kind === 'add-validator') {
    if (current !== undefined)
      throw new InvalidValue(`${field}.target`, `${address} is already a validator`)
    if (action.power <= 0n) throw new InvalidValue(`${field}.power`, 'must be positive')
    return { kind: 'validator', address, power: action.power }
  }
  if (current === undefined)
    throw new InvalidValue(`${field}.target`, `${address} is not a validator`)
  if (kind === 'remove-validator') {
    if (powers.size === 1)
      throw new InvalidValue(
        `${field}.target`,
        `${address} is the last validator; the set must not become empty`,
      )
    return { kind: 'validator', address, power: 0n }
  }
  if (action.power <= 0n)
    throw new InvalidValue(`${field}.power`, 'must be positive (remove-validator removes)')
  if (action.power === current)
    throw new InvalidValue(`${field}.power`, `${address} already has power ${current}`)
  return { kind: 'validator', address, power: action.power }
}

function checkRoleChange(p: CheckGovActionParameters, grant: boolean): GovEffect {
  const { action, field } = p
  if (!(roles as readonly string[]).includes(action.role))
    throw new InvalidValue(
      `${field}.role`,
      `unknown role ${JSON.stringify(action.role)}; use one of ${roles.join(', ')}`,
    )
  const role = action.role as Role
  const target = action.target.toLowerCase() as Address
  const participant = getParticipant(p.view, target)
  if (!participant)
    throw new InvalidValue(`${field}.target`, `${target} is not a registered participant`)
  const holds = participant.roles.includes(role)
  if (grant && holds) throw new InvalidValue(`${field}.target`, `${target} already holds ${role}`)
  if (!grant && !holds) throw new InvalidValue(`${field}.target`, `${target} does not hold ${role}`)
  return { kind: 'role', target, role, grant }
}

function checkParamChange(p: CheckGovActionParameters): GovEffect {
  const { action, field } = p
  const current = getParams(p.view)
  const params = applyParamChange(current, action.param, action.value, {
    param: `${field}.param`,
    value: `${field}.value`,
  })
  if (isParamName(action.param) && formatParam(current, action.param) === action.value)
    throw new InvalidValue(`${field}.value`, `${action.param} is already ${action.value}`)
  return { kind: 'params', params }
}

function checkUpgrade(p: CheckGovActionParameters): GovEffect {
  const { action, field } = p
  const name = action.value
  if (name.trim() === '') throw new InvalidValue(`${field}.value`, 'must name the upgrade')
  if (name.trim() !== name)
    throw new InvalidValue(`${field}.value`, 'must not start or end with spaces')
  checkDisplayText(`${field}.value`, name)
  const earliest = p.decidedAt + 2n
  if (action.haltHeight < earliest)
    throw new InvalidValue(
      `${field}.haltHeight`,
      `must be at least ${earliest} (voting ends at height ${p.decidedAt}; operators need a block to prepare)`,
    )
  return { kind: 'upgrade', name, haltHeight: action.haltHeight }
}
