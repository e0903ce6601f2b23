import { InvalidValue } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { balanceOf, freezeOf, requireAgent, setFreeze } from './tokens'

/** The agent freezes part of a holder's balance (0 releases it all). */
export function setFrozenAmount(p: HandlerParameters<TxMessages['SetFrozenAmount']>): void {
  const { symbol, holder, amount } = p.message
  requireAgent(p.view, symbol, p.signer, 'freeze tokens')
  const balance = balanceOf(p.view, symbol, holder)
  if (amount > balance)
    throw new InvalidValue('SetFrozenAmount.amount', `${holder} holds only ${balance} ${symbol}`)
  setFreeze(p.view, symbol, holder, { ...freezeOf(p.view, symbol, holder), frozenAmount: amount })
}
