/**
 * Compliance rules of a token, each refusing with `ComplianceRejected` naming the rule.
 * Receiver rules apply to every movement that credits a holder (transfer, mint, forced
 * transfer, recovery, DvP legs); sender rules to holder-initiated transfers only.
 */
import { ComplianceRejected } from '../../protocol/errors'
import type { Address } from '../../protocol/messages'
import { getParticipant, validClaim } from '../identity/participants'
import { keys } from '../keys'
import type { StateView } from '../view'
import { freezeOf } from './tokens'
import type { SentInPeriod, Token } from './types'

export interface ReceiverCheck {
  view: StateView
  time: bigint
  token: Token
  to: Address
  /** Receiver's balance after the movement. */
  newBalance: bigint
  /** Holder count after the movement. */
  newHolderCount: bigint
}

export function checkReceiver(c: ReceiverCheck): void {
  const { token, to, time } = c
  const rules = token.rules
  const who = getParticipant(c.view, to)
  if (rules.kycRequired && !validClaim(who, 'kyc', time))
    throw new ComplianceRejected('kyc', token.symbol, `receiver ${to} has no valid KYC claim`)
  if (rules.accreditationRequired && !validClaim(who, 'accredited', time))
    throw new ComplianceRejected(
      'accreditation',
      token.symbol,
      `receiver ${to} is not an accredited investor`,
    )
  if (rules.allowJurisdictions.length > 0 || rules.denyJurisdictions.length > 0) {
    const jurisdiction = validClaim(who, 'jurisdiction', time)?.value
    if (
      rules.allowJurisdictions.length > 0 &&
      (!jurisdiction || !rules.allowJurisdictions.includes(jurisdiction))
    )
      throw new ComplianceRejected(
        'jurisdiction-allow',
        token.symbol,
        `receiver ${to} jurisdiction ${jurisdiction ?? 'unknown'} is not in ${rules.allowJurisdictions.join(', ')}`,
      )
    if (
      rules.denyJurisdictions.length > 0 &&
      (!jurisdiction || rules.denyJurisdictions.includes(jurisdiction))
    )
      throw new ComplianceRejected(
        'jurisdiction-deny',
        token.symbol,
        `receiver ${to} jurisdiction ${jurisdiction ?? 'unknown'} is excluded`,
      )
  }
  if (rules.maxBalancePerHolder > 0n && c.newBalance > rules.maxBalancePerHolder)
    throw new ComplianceRejected(
      'max-balance',
      token.symbol,
      `receiver ${to} would hold ${c.newBalance}; the most one holder may hold is ${rules.maxBalancePerHolder}`,
    )
  if (rules.maxHolders > 0n && c.newHolderCount > rules.maxHolders)
    throw new ComplianceRejected(
      'max-holders',
      token.symbol,
      `the token may have at most ${rules.maxHolders} holders`,
    )
}

export interface SenderCheck {
  view: StateView
  time: bigint
  token: Token
  from: Address
  to: Address
  amount: bigint
  /** Sender's balance before the movement. */
  balance: bigint
}

/** Sender-side rules; returns the updated per-period sent counter to store. */
export function checkSender(c: SenderCheck): SentInPeriod | undefined {
  const { token, from, to, time, amount } = c
  const rules = token.rules
  if (token.paused)
    throw new ComplianceRejected('paused', token.symbol, 'the token is paused by its agent')
  if (freezeOf(c.view, token.symbol, from).frozen)
    throw new ComplianceRejected('frozen-address', token.symbol, `sender ${from} is frozen`)
  if (freezeOf(c.view, token.symbol, to).frozen)
    throw new ComplianceRejected('frozen-address', token.symbol, `receiver ${to} is frozen`)
  if (rules.kycRequired && !validClaim(getParticipant(c.view, from), 'kyc', time))
    throw new ComplianceRejected('kyc', token.symbol, `sender ${from} has no valid KYC claim`)
  if (time < rules.lockupUntil)
    throw new ComplianceRejected(
      'lockup',
      token.symbol,
      `transfers are locked up until ${rules.lockupUntil}`,
    )
  const frozenAmount = freezeOf(c.view, token.symbol, from).frozenAmount
  if (c.balance - frozenAmount < amount)
    throw new ComplianceRejected(
      'frozen-amount',
      token.symbol,
      `${frozenAmount} of sender ${from}'s ${c.balance} is frozen; ${c.balance - frozenAmount} may move`,
    )
  if (rules.maxTransferPerPeriod === 0n) return undefined
  const period = time / rules.transferPeriod
  const sent = c.view.get<SentInPeriod>(keys.sent(token.symbol, from))
  const already = sent && sent.period === period ? sent.amount : 0n
  if (already + amount > rules.maxTransferPerPeriod)
    throw new ComplianceRejected(
      'transfer-limit',
      token.symbol,
      `sender ${from} has sent ${already} this period; the limit is ${rules.maxTransferPerPeriod}`,
    )
  return { period, amount: already + amount }
}
