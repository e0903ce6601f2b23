/** Errors of on-chain governance that need more than the protocol's generic messages. */
import { CustosError } from '../../protocol/errors'
import type { Address, Hex } from '../../protocol/messages'

/** A vote arrived after the proposal's voting period (INVALID_STATUS). */
export class VotingClosed extends CustosError {
  constructor(proposalId: Hex, votingEndsAt: bigint, status: string) {
    super(
      'INVALID_STATUS',
      `Governance proposal ${proposalId}: voting ended at height ${votingEndsAt} (${status}); ` +
        'votes are no longer accepted',
      { details: { proposalId, votingEndsAt: votingEndsAt.toString(), status } },
    )
  }
}

/**
 * The voter already cast this very option (ALREADY_EXISTS). A vote can be changed to another
 * option until the period ends; repeating the same one is refused so it is never counted twice
 * and a replayed intent is visible.
 */
export class DoubleVote extends CustosError {
  constructor(proposalId: Hex, voter: Address, option: string) {
    super(
      'ALREADY_EXISTS',
      `${voter} already voted ${option} on governance proposal ${proposalId}; ` +
        'a vote can only be changed to another option',
      { details: { proposalId, voter, option } },
    )
  }
}

export { NetworkHalted } from '../../protocol/errors'
