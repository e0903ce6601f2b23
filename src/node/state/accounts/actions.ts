/**
 * What an account may be asked to do (`Action`, see `structTypes.Action` in
 * protocol/txTypes.ts): the checks each kind needs before it is proposed, and its mapping to
 * the policy engine's `DraftAction`.
 */
import { InvalidValue } from '../../protocol/errors'
import type { Action, Address, Hex } from '../../protocol/messages'
import { accountActionKinds, type AccountActionKind } from '../../protocol/txTypes'
import type { Token } from '../assets/types'
import { keys } from '../keys'
import type { Instruction } from '../settlement/types'
import type { StateView } from '../view'
import type { DraftAction } from './policy'

export const ZERO_ADDRESS: Address = `0x${'00'.repeat(20)}`
export const ZERO_REFERENCE: Hex = `0x${'00'.repeat(32)}`

/** Kinds proposed with `ProposeAction` (a policy change has its own transaction). */
export type ProposableKind = Exclude<AccountActionKind, 'policy-change'>

export interface CheckActionParameters {
  view: StateView
  /** The account that would act. */
  account: Address
  action: Action
  /** Field path of the action in the transaction, e.g. "ProposeAction.action". */
  field: string
}

/**
 * Checks that `action` is well formed for its kind and consistent with the state, so that a
 * signing device shows what would really happen. Throws `InvalidValue` naming the field.
 */
export function checkAction(p: CheckActionParameters): void {
  const { view, action, field } = p
  const fail = (name: keyof Action, reason: string): never => {
    throw new InvalidValue(`${field}.${name}`, reason)
  }
  const kind = proposableKind(action.kind, `${field}.kind`)
  if (!view.get<Token>(keys.token(action.symbol)))
    fail('symbol', `no token with symbol ${JSON.stringify(action.symbol)} exists`)
  const counterpartyZero = action.counterparty.toLowerCase() === ZERO_ADDRESS
  const referenceZero = action.reference.toLowerCase() === ZERO_REFERENCE
  if (kind !== 'dvp-affirmation' && !referenceZero) fail('reference', `must be zero for a ${kind}`)
  switch (kind) {
    case 'transfer':
    case 'mint':
    case 'redeem': {
      const role = kind === 'redeem' ? 'the holder' : 'the receiver'
      if (counterpartyZero) fail('counterparty', `must be ${role} of the ${kind}`)
      if (kind === 'transfer' && action.counterparty.toLowerCase() === p.account.toLowerCase())
        fail('counterparty', 'an account cannot transfer to itself')
      if (action.amount <= 0n) fail('amount', 'must be greater than zero')
      return
    }
    case 'pause':
    case 'unpause':
      if (!counterpartyZero) fail('counterparty', `must be the zero address for ${kind}`)
      if (action.amount !== 0n) fail('amount', `must be 0 for ${kind}`)
      return
    case 'freeze':
    case 'unfreeze':
      if (counterpartyZero) fail('counterparty', `must be the holder to ${kind}`)
      if (action.amount !== 0n) fail('amount', `must be 0 for ${kind}`)
      return
    case 'dvp-affirmation':
      checkAffirmation(p, fail)
      return
  }
}

function checkAffirmation(
  p: CheckActionParameters,
  fail: (name: keyof Action, reason: string) => never,
): void {
  const { action } = p
  const account = p.account.toLowerCase()
  const instruction = p.view.get<Instruction>(
    keys.instruction(action.reference.toLowerCase() as Hex),
  )
  if (!instruction) return fail('reference', `no instruction ${action.reference} exists`)
  if (instruction.status !== 'pending')
    fail('reference', `instruction ${instruction.id} is ${instruction.status}, not pending`)
  const legs = instruction.legs.filter((leg) => leg.from.toLowerCase() === account)
  if (legs.length !== 1)
    fail(
      'reference',
      `the account sends ${legs.length} legs in instruction ${instruction.id}; ` +
        'an affirmation proposal covers an instruction in which it sends exactly one',
    )
  if (instruction.affirmedBy.some((a) => a.toLowerCase() === account))
    fail('reference', `the account has already affirmed instruction ${instruction.id}`)
  const [leg] = legs
  if (action.symbol !== leg.symbol)
    fail('symbol', `is ${action.symbol}; the account's leg sends ${leg.symbol}`)
  if (action.counterparty.toLowerCase() !== leg.to.toLowerCase())
    fail('counterparty', `is ${action.counterparty}; the account's leg goes to ${leg.to}`)
  if (action.amount !== leg.amount)
    fail('amount', `is ${action.amount}; the account's leg sends ${leg.amount}`)
}

/** `kind` as a proposable kind; throws `InvalidValue` for unknown kinds and policy changes. */
export function proposableKind(kind: string, field: string): ProposableKind {
  if (kind === 'policy-change')
    throw new InvalidValue(field, 'a policy change is proposed with ProposePolicyChange')
  if (!(accountActionKinds as readonly string[]).includes(kind))
    throw new InvalidValue(
      field,
      `unknown action kind ${JSON.stringify(kind)}; use ${accountActionKinds.filter((k) => k !== 'policy-change').join(', ')}`,
    )
  return kind as ProposableKind
}

/**
 * The policy engine's view of an action: token agent actions (mint … unfreeze) are
 * 'agent-action'; an amount of 0 (pause, freeze) and a zero counterparty (pause) are absent.
 */
export function draftOf(action: Action, initiator: Address): DraftAction {
  if (action.kind === 'policy-change') return { kind: 'policy-change', initiator }
  const kind =
    action.kind === 'transfer' || action.kind === 'dvp-affirmation' ? action.kind : 'agent-action'
  const noAmount = action.amount === 0n && kind === 'agent-action'
  return {
    kind,
    asset: action.symbol,
    ...(noAmount ? {} : { amount: action.amount }),
    ...(action.counterparty.toLowerCase() === ZERO_ADDRESS
      ? {}
      : { counterparty: action.counterparty }),
    initiator,
  }
}
