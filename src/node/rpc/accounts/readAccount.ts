/**
 * The shared first step of every account method: open one snapshot, check that the reader may
 * read the account (a member, an auditor or a regulator; `access.ts`), and load its record.
 * Access is checked before existence, so a reader who may not read an address learns nothing
 * about whether an account lives there.
 */
import type { Address } from '../../protocol/messages'
import { findAccount, type AccountRecord } from '../../state/accounts'
import type { Chain } from '../../chain/Chain'
import { requireReadAccess } from '../access'
import { notFound } from '../errors'
import { openSnapshot, type Snapshot } from '../snapshot'

export interface ReadAccountResult {
  snapshot: Snapshot
  record: AccountRecord
}

export function readAccount(chain: Chain, reader: Address, account: Address): ReadAccountResult {
  const snapshot = openSnapshot(chain)
  requireReadAccess(snapshot.view, reader, [account], `account ${account}`)
  const record = findAccount(snapshot.view, account)
  if (!record) throw notFound('account', `no multi-approver account at ${account}`)
  return { snapshot, record }
}
