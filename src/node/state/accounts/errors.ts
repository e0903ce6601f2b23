/** Refusals of the proposal lifecycle that people read in the app. */
import { InvalidStatus } from '../../protocol/errors'
import type { Proposal } from './types'

/**
 * A proposal is not in a status that allows the action. The message carries the status and,
 * for a closed proposal, the reason it closed (e.g. why it failed or was rejected).
 */
export class ProposalNotOpen extends InvalidStatus {
  constructor(proposal: Proposal, action: string) {
    super(
      'proposal',
      proposal.id,
      proposal.status,
      proposal.reason === '' ? action : `${action}: ${proposal.reason}`,
    )
    this.details.reason = proposal.reason
  }
}

const LATEST_ISO_SECONDS = 253_402_300_799n // 9999-12-31T23:59:59Z

/** Unix seconds for people: an ISO-8601 UTC time, or the raw number when it has none. */
export function formatTime(seconds: bigint): string {
  if (seconds < 0n || seconds > LATEST_ISO_SECONDS) return `unix time ${seconds}`
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')
}
