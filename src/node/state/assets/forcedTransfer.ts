import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { moveTokens } from './moveTokens'
import { requireAgent } from './tokens'

/** The agent moves tokens between holders (court order, error correction). */
export function forcedTransfer(p: HandlerParameters<TxMessages['ForcedTransfer']>): void {
  requireAgent(p.view, p.message.symbol, p.signer, 'force a transfer')
  moveTokens({
    view: p.view,
    time: p.ctx.time,
    symbol: p.message.symbol,
    from: p.message.holder,
    to: p.message.to,
    amount: p.message.amount,
    mode: 'forced',
    field: 'ForcedTransfer',
  })
}
