/** On-chain records of governance proposals (ARCHITECTURE.md, "State": governance). */
import type { Address, GovAction, Hex } from '../../protocol/messages'
import type { VoteOption } from '../../protocol/txTypes'
import type { TallyResult } from './tally/tally'

export type GovProposalStatus = 'voting' | 'passed' | 'rejected' | 'vetoed' | 'no-quorum' | 'failed'

export interface GovProposal {
  /** The id of the transaction that submitted it. */
  id: Hex
  title: string
  description: string
  action: GovAction
  proposer: Address
  submittedAt: bigint
  /** The last height at which votes are accepted; the tally runs at the end of this block. */
  votingEndsAt: bigint
  /** Each voter's latest vote (lowercase addresses). */
  votes: Record<Address, VoteOption>
  status: GovProposalStatus
  /** Set when the voting period has ended. */
  tally?: TallyResult
  /** The tally's reason, or why execution failed. */
  reason: string
  /** For executed validator changes: the first height the new set signs. */
  effectiveAt?: bigint
}

/** A software upgrade decided by governance: the chain stops before `haltHeight`. */
export interface UpgradePlan {
  name: string
  haltHeight: bigint
  proposalId: Hex
}
