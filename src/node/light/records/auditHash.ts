/**
 * The hash chain of the audit log. Each entry commits to the one before it:
 *
 *   hash = keccak256(prevHash ‖ UTF-8(canonicalJson({ seq, timeMs, user, action, details, prevHash })))
 *
 * with RFC 8785 canonical JSON (`canonicalJson`, protocol/rpcAuth.ts: members sorted, no
 * whitespace) and prevHash = 32 zero bytes for entry 1. Anyone holding an exported log can
 * recompute it; changing, dropping or moving an entry breaks the chain from there on.
 */
import { ZERO_HASH } from '../../protocol/block'
import { concatBytes, fromHex, keccak256, toHex, utf8 } from '../../protocol/hash'
import type { Hex } from '../../protocol/messages'
import { canonicalJson } from '../../protocol/rpcAuth'
import type { AuditEntry } from './types'

/** prevHash of the first entry. */
export const AUDIT_GENESIS: Hex = ZERO_HASH

/** The hashed part of an entry. */
export type AuditEntryBody = Omit<AuditEntry, 'type' | 'hash'>

/** The exact text that is hashed (after prevHash). */
export function auditEntryText(entry: AuditEntryBody): string {
  return canonicalJson({
    seq: entry.seq,
    timeMs: entry.timeMs,
    user: entry.user,
    action: entry.action,
    details: entry.details,
    prevHash: entry.prevHash,
  })
}

export function auditHash(entry: AuditEntryBody): Hex {
  return toHex(keccak256(concatBytes(fromHex(entry.prevHash), utf8(auditEntryText(entry)))))
}
