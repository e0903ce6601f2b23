import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { moveTokens } from './moveTokens'
import { requireAgent } from './tokens'

/** The agent redeems (burns) a holder's tokens, frozen ones included if needed. */
export function redeem(p: HandlerParameters<TxMessages['Redeem']>): void {
  requireAgent(p.view, p.message.symbol, p.signer, 'redeem')
  moveTokens({
    view: p.view,
    time: p.ctx.time,
    symbol: p.message.symbol,
    from: p.message.holder,
    amount: p.message.amount,
    mode: 'redeem',
    field: 'Redeem',
  })
}
