/**
 * Who may read an address's private data (balances, nonce, claims, instructions, activity,
 * and for a multi-approver account its policy and proposals): the address itself, the members
 * of the account at that address, and holders of the `auditor` or `regulator` role in the
 * state's participant records. Roles and memberships are read from the head state on every
 * request, so a role granted or a member removed by a block counts from that block on.
 */
import type { Address } from '../protocol/messages'
import { findAccount } from '../state/accounts'
import { hasRole } from '../state/identity/participants'
import type { Role } from '../state/identity/types'
import type { StateView } from '../state/view'
import { notAuthorized } from './errors'

/** One reason a reader may read an owner's private data. */
interface ReadRule {
  /** How the rule is described in a refusal ("the address itself", "an auditor"). */
  describe: string
  allows(view: StateView, reader: Address, owner: Address): boolean
}

const byRole = (role: Role, describe: string): ReadRule => ({
  describe,
  allows: (view, reader) => hasRole(view, reader, role),
})

const readRules: readonly ReadRule[] = [
  { describe: 'the address itself', allows: (_view, reader, owner) => reader === owner },
  {
    describe: 'its members if it is a multi-approver account',
    allows: (view, reader, owner) =>
      findAccount(view, owner)?.members.some((m) => m.toLowerCase() === reader) ?? false,
  },
  byRole('auditor', 'holders of the auditor role'),
  byRole('regulator', 'holders of the regulator role'),
]

export function mayReadPrivate(view: StateView, reader: Address, owner: Address): boolean {
  return readRules.some((rule) => rule.allows(view, reader, owner))
}

/** Throws -32003 unless `reader` may read the private data of one of `owners`. */
export function requireReadAccess(
  view: StateView,
  reader: Address,
  owners: readonly Address[],
  what: string,
): void {
  if (owners.some((owner) => mayReadPrivate(view, reader, owner))) return
  const who = owners.length === 1 ? owners[0] : `the parties (${owners.join(', ')})`
  throw notAuthorized(
    `${reader} may not read ${what}; only ${readRules.map((r) => r.describe).join(', ')} of ${who} may`,
    { reader },
  )
}
