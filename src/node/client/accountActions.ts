/**
 * The `Action`s a multi-approver account can be asked to do (protocol `structTypes.Action`;
 * docs/protocol.md, "Transactions"), one constructor per kind so that every field a signer
 * sees on the device is set on purpose. Unused fields are zero.
 */
import { membersAndPolicyHash } from '../protocol/accounts'
import { InvalidValue } from '../protocol/errors'
import type { Action, Address, Hex, MembersAndPolicy } from '../protocol/messages'
import type { AccountActionKind } from '../protocol/txTypes'
import { parseAddress, parseAmount, parseBytes32, parseSymbol } from './inputs'

export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'
export const ZERO_BYTES32: Hex = `0x${'0'.repeat(64)}`

function action(kind: AccountActionKind, fields: Partial<Omit<Action, 'kind'>>): Action {
  return {
    kind,
    symbol: fields.symbol ?? '',
    counterparty: fields.counterparty ?? ZERO_ADDRESS,
    amount: fields.amount ?? 0n,
    reference: fields.reference ?? ZERO_BYTES32,
  }
}

export interface TransferActionParameters {
  symbol: string
  to: Address
  /** In the token's smallest unit. */
  amount: bigint
}

/** Send `amount` of `symbol` from the account to `to`. */
export function transferAction(p: TransferActionParameters): Action {
  return action('transfer', {
    symbol: parseSymbol(p.symbol, 'symbol'),
    counterparty: parseAddress(p.to, 'to'),
    amount: parseAmount(p.amount, 'amount'),
  })
}

export interface AffirmationActionParameters {
  instructionId: Hex
  /** The leg the account sends: its symbol, receiver and amount. */
  symbol: string
  to: Address
  amount: bigint
}

/** Affirm the account's leg of a DvP instruction. */
export function affirmationAction(p: AffirmationActionParameters): Action {
  return action('dvp-affirmation', {
    symbol: parseSymbol(p.symbol, 'symbol'),
    counterparty: parseAddress(p.to, 'to'),
    amount: parseAmount(p.amount, 'amount'),
    reference: parseBytes32(p.instructionId, 'instructionId'),
  })
}

/** A DvP leg as `custos_getInstruction` returns it. */
export interface InstructionLeg {
  symbol: string
  from: Address
  to: Address
  amount: bigint
}

/**
 * The affirmation of `account`'s sending leg of an instruction. Throws `InvalidValue` when the
 * account sends no leg (nothing to affirm) or more than one (affirm each with its own fields).
 */
export function affirmationFromLegs(
  instructionId: Hex,
  account: Address,
  legs: readonly InstructionLeg[],
): Action {
  const sent = legs.filter((leg) => leg.from.toLowerCase() === account.toLowerCase())
  const [leg] = sent
  if (!leg || sent.length > 1)
    throw new InvalidValue(
      'instructionId',
      sent.length === 0
        ? `account ${account} sends no leg of instruction ${instructionId}; there is nothing to affirm`
        : `account ${account} sends ${sent.length} legs of instruction ${instructionId}`,
    )
  return affirmationAction({ instructionId, symbol: leg.symbol, to: leg.to, amount: leg.amount })
}

/** Token agent actions an account can hold the agent right for. */
export type AgentActionKind = 'mint' | 'redeem' | 'pause' | 'unpause' | 'freeze' | 'unfreeze'

export const agentActionKinds: readonly AgentActionKind[] = [
  'mint',
  'redeem',
  'pause',
  'unpause',
  'freeze',
  'unfreeze',
]

export type AgentActionParameters =
  | { kind: 'mint'; symbol: string; to: Address; amount: bigint }
  | { kind: 'redeem'; symbol: string; holder: Address; amount: bigint }
  | { kind: 'pause' | 'unpause'; symbol: string }
  | { kind: 'freeze' | 'unfreeze'; symbol: string; holder: Address }

/** A token agent action: mint to, redeem from, pause, unpause, freeze or unfreeze a holder. */
export function agentAction(p: AgentActionParameters): Action {
  const symbol = parseSymbol(p.symbol, 'symbol')
  switch (p.kind) {
    case 'mint':
      return action('mint', {
        symbol,
        counterparty: parseAddress(p.to, 'to'),
        amount: parseAmount(p.amount, 'amount'),
      })
    case 'redeem':
      return action('redeem', {
        symbol,
        counterparty: parseAddress(p.holder, 'holder'),
        amount: parseAmount(p.amount, 'amount'),
      })
    case 'pause':
    case 'unpause':
      return action(p.kind, { symbol })
    case 'freeze':
    case 'unfreeze':
      return action(p.kind, { symbol, counterparty: parseAddress(p.holder, 'holder') })
  }
}

/** Replace the account's members and policy with `change`; `reference` is its hash. */
export function policyChangeAction(change: MembersAndPolicy): Action {
  return action('policy-change', { reference: membersAndPolicyHash(change) })
}
