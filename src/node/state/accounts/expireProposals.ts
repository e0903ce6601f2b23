import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { formatTime } from './errors'
import { closeProposal, getProposal, openProposalIds } from './records'

/**
 * End of block: pending proposals past their expiry (`time > expiresAt`, 0 = never) become
 * `expired`. Approved (timelocked) proposals do not expire. Reads one key when nothing is
 * open. Returns how many expired.
 */
export function expireProposals(view: StateView, ctx: BlockContext): number {
  let expired = 0
  for (const id of openProposalIds(view)) {
    const proposal = getProposal(view, id)
    if (proposal.status !== 'pending' || proposal.expiresAt === 0n) continue
    if (ctx.time <= proposal.expiresAt) continue
    closeProposal(
      view,
      proposal,
      'expired',
      `not approved before it expired at ${formatTime(proposal.expiresAt)}`,
      ctx.height,
    )
    expired++
  }
  return expired
}
