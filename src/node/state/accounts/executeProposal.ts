import { InvalidStatus } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { loadProposal, requireMember, requireStatus } from './access'
import { runProposal } from './execute'

/**
 * Any member executes an approved proposal once its timelock has passed
 * (`height >= executableAt`). If the action is refused then, the proposal is `failed` with
 * the reason; the transaction itself is included either way.
 */
export function executeProposal(p: HandlerParameters<TxMessages['ExecuteProposal']>): void {
  const { view, ctx, signer, message } = p
  const { account, proposal } = loadProposal(view, message, 'ExecuteProposal')
  requireMember(account, signer, 'execute its proposals')
  requireStatus(proposal, ['approved'], 'execute it')
  if (ctx.height < proposal.executableAt)
    throw new InvalidStatus(
      'proposal',
      proposal.id,
      `timelocked until height ${proposal.executableAt} (now ${ctx.height})`,
      'execute it yet',
    )
  runProposal(view, ctx, proposal)
}
