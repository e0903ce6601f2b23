import { InvalidValue } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { moveTokens } from './moveTokens'
import { balanceOf, freezeOf, requireAgent, setFreeze } from './tokens'

/**
 * The agent moves a holder's whole balance from a lost address to a replacement, carrying its
 * freeze state over; the replacement must pass the receiver rules.
 */
export function recoverAddress(p: HandlerParameters<TxMessages['RecoverAddress']>): void {
  const { symbol, lost, replacement } = p.message
  requireAgent(p.view, symbol, p.signer, 'recover an address')
  const balance = balanceOf(p.view, symbol, lost)
  if (balance === 0n) throw new InvalidValue('RecoverAddress.lost', `${lost} holds no ${symbol}`)
  const freeze = freezeOf(p.view, symbol, lost)
  setFreeze(p.view, symbol, lost, { frozen: false, frozenAmount: 0n })
  moveTokens({
    view: p.view,
    time: p.ctx.time,
    symbol,
    from: lost,
    to: replacement,
    amount: balance,
    mode: 'forced',
    field: 'RecoverAddress',
  })
  const previous = freezeOf(p.view, symbol, replacement)
  setFreeze(p.view, symbol, replacement, {
    frozen: previous.frozen || freeze.frozen,
    frozenAmount: previous.frozenAmount + freeze.frozenAmount,
  })
}
