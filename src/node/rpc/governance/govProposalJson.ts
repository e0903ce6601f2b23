/**
 * A governance proposal as the RPC shows it: the record, plus its tally — the live tally
 * against the current validator set while voting, the final one after — and how many blocks
 * of voting are left.
 */
import { liveTally, type GovProposal } from '../../state/governance'
import type { StateView } from '../../state/view'
import type { GovProposalJson } from '../answers'
import { toJsonAs } from '../json'

export function govProposalJson(
  view: StateView,
  proposal: GovProposal,
  height: bigint,
): GovProposalJson {
  const voting = proposal.status === 'voting'
  const left = voting && proposal.votingEndsAt > height ? proposal.votingEndsAt - height : 0n
  return {
    ...toJsonAs(proposal),
    currentTally: toJsonAs(liveTally(view, proposal.id)),
    tallyIsFinal: !voting,
    blocksLeft: left.toString(),
  }
}
