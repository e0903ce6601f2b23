import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { keys } from '../keys'
import { checkRules, requireAgent } from './tokens'

/** The agent replaces a token's rules; they govern movements from the next transaction on. */
export function setComplianceRules(p: HandlerParameters<TxMessages['SetComplianceRules']>): void {
  const token = requireAgent(p.view, p.message.symbol, p.signer, 'change its compliance rules')
  checkRules('SetComplianceRules.rules', p.message.rules)
  p.view.set(keys.token(token.symbol), { ...token, rules: p.message.rules })
}
