/**
 * Verifies the audit log of a bundle: entries numbered 1, 2, 3, … in order, each hashing to
 * its `hash` (records/auditHash.ts) and linking by `prevHash` to the entry numbered one less.
 * Each entry is judged on its own, so one edit, gap or swap is reported where it is:
 * - RECORD_EDITED: it does not hash to its hash, or links to something its predecessor is not;
 * - MISSING_FROM_CHAIN: the entry numbered one less is absent (dropped);
 * - REORDERED: it sits before an entry with a smaller number, or after a larger one.
 * A dropped tail cannot be seen from the entries alone: compare the last hash with the audit
 * head printed in the report or recorded by the institution.
 */
import { ZodError } from 'zod'
import { ZERO_HASH } from '../../../protocol/block'
import type { Hex } from '../../../protocol/messages'
import { auditHash } from '../../records/auditHash'
import type { AuditChainEntry } from '../../records/types'
import { auditEntrySchema, zodReason } from '../bundle/parseBundle'
import type { FailureCode, VerifyFailure } from './report'

type Entry = AuditChainEntry

function claimedSeq(raw: unknown): string {
  const seq = (raw as { seq?: unknown } | null)?.seq
  return typeof seq === 'number' ? String(seq) : '?'
}

export function verifyAuditLog(raw: readonly unknown[]): VerifyFailure[] {
  const failures: VerifyFailure[] = []
  const entries: Array<Entry | undefined> = raw.map((value, index) => {
    try {
      return auditEntrySchema.parse(value) as Entry
    } catch (error) {
      if (!(error instanceof ZodError)) throw error
      failures.push({
        record: { section: 'auditLog', type: 'audit', id: claimedSeq(value), index },
        code: 'MALFORMED',
        reason: `audit entry: ${zodReason(error)}`,
      })
      return undefined
    }
  })
  const bySeq = new Map<number, Entry>()
  for (const entry of entries) if (entry && !bySeq.has(entry.seq)) bySeq.set(entry.seq, entry)

  // smallest seq after each place: a later smaller entry exists only where disorder is
  const laterMin: number[] = new Array<number>(entries.length)
  let min = Infinity
  for (let i = entries.length - 1; i >= 0; i--) {
    laterMin[i] = min
    min = Math.min(min, entries[i]?.seq ?? Infinity)
  }

  let previousSeq = 0
  entries.forEach((entry, index) => {
    if (!entry) return
    const fail = (code: FailureCode, reason: string) =>
      failures.push({
        record: { section: 'auditLog', type: 'audit', id: String(entry.seq), index },
        code,
        reason,
      })
    const placeSeq = previousSeq
    previousSeq = Math.max(previousSeq, entry.seq)
    let hash: Hex | undefined
    try {
      hash = auditHash(entry)
    } catch {
      hash = undefined // details nested too deeply to be canonical JSON
    }
    if (hash !== entry.hash)
      return fail('RECORD_EDITED', `audit entry ${entry.seq} does not hash to its hash`)
    if (entry.seq <= placeSeq)
      return fail('REORDERED', `audit entry ${entry.seq} comes after entry ${placeSeq}`)
    const laterSmaller =
      (laterMin[index] ?? Infinity) < entry.seq
        ? entries
            .slice(index + 1)
            .find((e) => e !== undefined && e.seq > placeSeq && e.seq < entry.seq)
        : undefined
    if (laterSmaller)
      return fail('REORDERED', `audit entry ${entry.seq} comes before entry ${laterSmaller.seq}`)
    if (entry.seq === 1) {
      if (entry.prevHash !== ZERO_HASH)
        fail('RECORD_EDITED', 'audit entry 1 does not start the chain (its prevHash is not zero)')
      return
    }
    const predecessor = bySeq.get(entry.seq - 1)
    if (!predecessor)
      return fail(
        'MISSING_FROM_CHAIN',
        `audit entry ${entry.seq - 1} is missing: entry ${entry.seq} links to an entry the ` +
          'bundle does not hold',
      )
    if (predecessor.hash !== entry.prevHash)
      fail(
        'RECORD_EDITED',
        `audit entry ${entry.seq} links to ${entry.prevHash}, but entry ${entry.seq - 1} ` +
          `hashes to ${predecessor.hash}`,
      )
  })
  return failures
}
