import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { moveTokens } from './moveTokens'
import { requireAgent } from './tokens'

export function mint(p: HandlerParameters<TxMessages['Mint']>): void {
  requireAgent(p.view, p.message.symbol, p.signer, 'mint')
  moveTokens({
    view: p.view,
    time: p.ctx.time,
    symbol: p.message.symbol,
    to: p.message.to,
    amount: p.message.amount,
    mode: 'mint',
    field: 'Mint',
  })
}
