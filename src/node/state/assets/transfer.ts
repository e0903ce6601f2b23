import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { moveTokens } from './moveTokens'

/** A holder sends tokens; applied only if every compliance rule passes. */
export function transfer(p: HandlerParameters<TxMessages['Transfer']>): void {
  moveTokens({
    view: p.view,
    time: p.ctx.time,
    symbol: p.message.symbol,
    from: p.signer,
    to: p.message.to,
    amount: p.message.amount,
    mode: 'transfer',
    field: 'Transfer',
  })
}
