import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { freezeOf, requireAgent, setFreeze } from './tokens'

export function freezeAddress(p: HandlerParameters<TxMessages['FreezeAddress']>): void {
  const { symbol, holder, frozen } = p.message
  requireAgent(p.view, symbol, p.signer, frozen ? 'freeze an address' : 'unfreeze an address')
  setFreeze(p.view, symbol, holder, { ...freezeOf(p.view, symbol, holder), frozen })
}
