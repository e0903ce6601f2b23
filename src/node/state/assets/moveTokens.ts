import { InsufficientBalance, InvalidValue } from '../../protocol/errors'
import type { Address } from '../../protocol/messages'
import { keys } from '../keys'
import type { StateView } from '../view'
import { checkReceiver, checkSender } from './checkCompliance'
import {
  MAX_UINT256,
  balanceOf,
  checkPositiveAmount,
  freezeOf,
  getToken,
  setBalance,
  setFreeze,
} from './tokens'
import type { Token } from './types'

/**
 * How a movement was initiated:
 * - `transfer`: by the holder (or a DvP leg): every compliance rule applies;
 * - `mint`: new supply to a receiver: receiver rules apply;
 * - `redeem`: supply removed from a holder by the agent: frozen tokens are unfrozen as needed;
 * - `forced`: the agent moves tokens: receiver rules apply, pause/freeze/lock-up/limits do not.
 */
export type MovementMode = 'transfer' | 'mint' | 'redeem' | 'forced'

export interface MoveTokensParameters {
  view: StateView
  time: bigint
  symbol: string
  from?: Address
  to?: Address
  amount: bigint
  mode: MovementMode
  field: string
}

/** Moves, creates or destroys tokens after every applicable rule passes; writes nothing otherwise. */
export function moveTokens(p: MoveTokensParameters): void {
  const { view, symbol, from, to, amount, time } = p
  checkPositiveAmount(`${p.field}.amount`, amount)
  if (from !== undefined && from === to)
    throw new InvalidValue(p.field, 'sender and receiver are the same address')
  const token = getToken(view, symbol)
  let holders = token.holderCount
  let supply = token.totalSupply
  let sent
  let fromBalance = 0n
  if (from !== undefined) {
    fromBalance = balanceOf(view, symbol, from)
    if (fromBalance < amount) throw new InsufficientBalance(symbol, from, fromBalance, amount)
    if (p.mode === 'transfer') {
      sent = checkSender({
        view,
        time,
        token,
        from,
        to: to as Address,
        amount,
        balance: fromBalance,
      })
    }
    if (fromBalance === amount) holders -= 1n
  } else {
    supply += amount
    if (supply > MAX_UINT256)
      throw new InvalidValue(`${p.field}.amount`, 'total supply would overflow uint256')
  }
  let toBalance = 0n
  if (to !== undefined) {
    const before = balanceOf(view, symbol, to)
    toBalance = before + amount
    if (before === 0n) holders += 1n
    checkReceiver({ view, time, token, to, newBalance: toBalance, newHolderCount: holders })
  } else {
    supply -= amount
  }
  // every check passed: write
  if (from !== undefined) {
    setBalance(view, symbol, from, fromBalance - amount)
    if (sent) view.set(keys.sent(symbol, from), sent)
    if (p.mode !== 'transfer') releaseFrozen(view, symbol, from, fromBalance - amount)
  }
  if (to !== undefined) setBalance(view, symbol, to, toBalance)
  if (holders !== token.holderCount || supply !== token.totalSupply) {
    const updated: Token = { ...token, holderCount: holders, totalSupply: supply }
    view.set(keys.token(symbol), updated)
  }
}

/** After an agent takes tokens, the frozen amount cannot exceed what is left. */
function releaseFrozen(view: StateView, symbol: string, holder: Address, remaining: bigint): void {
  const freeze = freezeOf(view, symbol, holder)
  if (freeze.frozenAmount > remaining)
    setFreeze(view, symbol, holder, { ...freeze, frozenAmount: remaining })
}
