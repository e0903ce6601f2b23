import { InvalidValue, Unauthorized, UnknownAsset } from '../../protocol/errors'
import type { Address, ComplianceRules } from '../../protocol/messages'
import { isCountryCode } from '../identity/iso3166'
import { keys } from '../keys'
import type { StateView } from '../view'
import type { FreezeState, Token } from './types'

export const MAX_UINT256 = (1n << 256n) - 1n

export function getToken(view: StateView, symbol: string): Token {
  const token = view.get<Token>(keys.token(symbol))
  if (!token) throw new UnknownAsset(symbol)
  return token
}

/** Every token's symbol, in the order the tokens were created. */
export function getTokenSymbols(view: StateView): string[] {
  return view.get<string[]>(keys.tokenSymbols()) ?? []
}

/** Records a new token in the list of symbols. */
export function addTokenSymbol(view: StateView, symbol: string): void {
  view.set(keys.tokenSymbols(), [...getTokenSymbols(view), symbol])
}

export function balanceOf(view: StateView, symbol: string, holder: Address): bigint {
  return view.get<bigint>(keys.balance(symbol, holder)) ?? 0n
}

export function setBalance(view: StateView, symbol: string, holder: Address, amount: bigint): void {
  if (amount === 0n) view.delete(keys.balance(symbol, holder))
  else view.set(keys.balance(symbol, holder), amount)
}

const notFrozen: FreezeState = { frozen: false, frozenAmount: 0n }

export function freezeOf(view: StateView, symbol: string, holder: Address): FreezeState {
  return view.get<FreezeState>(keys.freeze(symbol, holder)) ?? notFrozen
}

export function setFreeze(
  view: StateView,
  symbol: string,
  holder: Address,
  state: FreezeState,
): void {
  if (!state.frozen && state.frozenAmount === 0n) view.delete(keys.freeze(symbol, holder))
  else view.set(keys.freeze(symbol, holder), state)
}

/** The token, if `agent` is its issuer (the only agent in this version). */
export function requireAgent(
  view: StateView,
  symbol: string,
  agent: Address,
  action: string,
): Token {
  const token = getToken(view, symbol)
  if (token.issuer !== agent)
    throw new Unauthorized(`${agent} is not an agent of ${symbol} and may not ${action}`, {
      symbol,
      action,
    })
  return token
}

export function checkPositiveAmount(field: string, amount: bigint): void {
  if (amount <= 0n) throw new InvalidValue(field, 'must be greater than zero')
}

const symbolPattern = /^[A-Z][A-Z0-9.-]{0,11}$/

export function checkSymbol(field: string, symbol: string): void {
  if (!symbolPattern.test(symbol))
    throw new InvalidValue(
      field,
      `${JSON.stringify(symbol)} is not a symbol: 1–12 of A–Z, 0–9, '.', '-', starting with a letter`,
    )
}

export function checkRules(field: string, rules: ComplianceRules): void {
  for (const list of ['allowJurisdictions', 'denyJurisdictions'] as const) {
    const seen = new Set<string>()
    for (const code of rules[list]) {
      if (!isCountryCode(code))
        throw new InvalidValue(
          `${field}.${list}`,
          `${JSON.stringify(code)} is not an ISO-3166 alpha-2 country code`,
        )
      if (seen.has(code)) throw new InvalidValue(`${field}.${list}`, `${code} is listed twice`)
      seen.add(code)
    }
  }
  if (rules.maxTransferPerPeriod > 0n && rules.transferPeriod === 0n)
    throw new InvalidValue(`${field}.transferPeriod`, 'must be set when maxTransferPerPeriod is')
}
