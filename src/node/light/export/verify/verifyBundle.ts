/**
 * Offline verification of an auditor bundle from a trusted root.
 *
 * 1. the header chain: `lightBlocks[0]` must hash to the trusted root; each later light block
 *    is verified from the last verified one (adjacent or skipping rule, `verifyHeaderChain`);
 * 2. every record against the proven header at its height: its Merkle or state proof, then
 *    its id and each field derived again from the proven bytes (`verifyRecord`), and
 *    transactions of one block must agree on the block's transaction count;
 * 3. the audit log's hash chain (`verifyAuditLog`).
 *
 * Pure: no I/O, no clock. Throws `BadBundle` only when the top level is not a bundle; every
 * other problem is a failure in the report, naming the item and what failed.
 *
 * @example
 * const report = await verifyBundle(JSON.parse(text), parseTrustedRoot('0:0x…'))
 * if (!report.ok) for (const f of report.failures) console.log(describeItem(f.record), f.reason)
 */
import { custosDomain } from '../../../protocol/eip712'
import type { RecoverAddress } from '../../../protocol/signature'
import { parseBundle, type ParsedBundle } from '../bundle/parseBundle'
import type { TrustedRoot } from '../trustedRoot'
import type { RecordContext } from './recordContext'
import type { VerifyFailure, VerifyReport } from './report'
import { verifyAuditLog } from './verifyAuditLog'
import { verifyHeaderChain } from './verifyHeaderChain'
import { checkPlacements, type PlacedRecord } from './checkPlacements'
import { verifyRecord } from './verifyRecord'

export interface VerifyBundleOptions {
  /** Signature recovery (default: the protocol's pure one; the CLI passes the native one). */
  recover?: RecoverAddress
  /** Called as records are checked: done, total. */
  onProgress?: (done: number, total: number) => void
}

function recordName(raw: unknown): { type: string; id: string } {
  const r = raw as { type?: unknown; id?: unknown } | null
  return {
    type: typeof r?.type === 'string' ? r.type : '?',
    id: typeof r?.id === 'string' ? r.id : '?',
  }
}

async function verifyRecords(
  bundle: ParsedBundle,
  context: RecordContext,
  options: VerifyBundleOptions,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = []
  const placed: PlacedRecord[] = []
  const total = bundle.records.length
  for (let index = 0; index < total; index++) {
    const raw = bundle.records[index]
    const outcome = await verifyRecord(raw, context)
    if (!outcome.ok)
      failures.push({
        record: { section: 'records', ...recordName(raw), index },
        code: outcome.code,
        reason: outcome.reason,
      })
    else if (outcome.placement) placed.push({ index, placement: outcome.placement })
    if (options.onProgress && (index % 1000 === 999 || index === total - 1))
      options.onProgress(index + 1, total)
  }
  for (const [index, reason] of checkPlacements(placed))
    failures.push({
      record: { section: 'records', ...recordName(bundle.records[index]), index },
      code: 'INCONSISTENT',
      reason,
    })
  return failures.sort((a, b) => a.record.index - b.record.index)
}

export async function verifyBundle(
  input: unknown,
  trustedRoot: TrustedRoot,
  options: VerifyBundleOptions = {},
): Promise<VerifyReport> {
  return verifyParsedBundle(parseBundle(input), trustedRoot, options)
}

/** `verifyBundle` of a bundle whose top level `parseBundle` has checked already. */
export async function verifyParsedBundle(
  bundle: ParsedBundle,
  trustedRoot: TrustedRoot,
  options: VerifyBundleOptions = {},
): Promise<VerifyReport> {
  const failures: VerifyFailure[] = []
  if (
    bundle.trustedRoot.height !== trustedRoot.height ||
    bundle.trustedRoot.hash !== trustedRoot.hash
  )
    failures.push({
      record: { section: 'bundle', type: 'trustedRoot', id: 'trustedRoot', index: 0 },
      code: 'TRUSTED_ROOT_MISMATCH',
      reason:
        `the bundle was made from ${bundle.trustedRoot.height}:${bundle.trustedRoot.hash}, ` +
        `not from the trusted root ${trustedRoot.height}:${trustedRoot.hash}`,
    })
  const domain = custosDomain(bundle.chain.chainId, bundle.chain.verifyingContract)
  const chain = verifyHeaderChain({
    lightBlocks: bundle.lightBlocks,
    root: trustedRoot,
    domain,
    ...(options.recover ? { recover: options.recover } : {}),
  })
  failures.push(...chain.failures)
  const context: RecordContext = {
    headers: chain.headers,
    domain,
    filter: bundle.filter,
    ...(options.recover ? { recover: options.recover } : {}),
  }
  failures.push(...(await verifyRecords(bundle, context, options)))
  failures.push(...verifyAuditLog(bundle.auditLog))

  const counts: Record<string, number> = {
    block: bundle.lightBlocks.length,
    audit: bundle.auditLog.length,
  }
  for (const raw of bundle.records) {
    const { type } = recordName(raw)
    counts[type] = (counts[type] ?? 0) + 1
  }
  return {
    ok: failures.length === 0,
    checked: bundle.lightBlocks.length + bundle.records.length + bundle.auditLog.length,
    counts,
    failures,
  }
}
