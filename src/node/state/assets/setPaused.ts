import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { keys } from '../keys'
import { requireAgent } from './tokens'

export function setPaused(p: HandlerParameters<TxMessages['SetPaused']>): void {
  const token = requireAgent(
    p.view,
    p.message.symbol,
    p.signer,
    p.message.paused ? 'pause it' : 'unpause it',
  )
  p.view.set(keys.token(token.symbol), { ...token, paused: p.message.paused })
}
