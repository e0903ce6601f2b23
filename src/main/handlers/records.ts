/**
 * The encrypted local records: search with filters and paging (oldest first), counts by type,
 * and auditor exports (started in the background, polled, verified). Each record crosses the bridge as one line for people and its fields as JSON, without
 * the proofs and raw bytes (exports carry those).
 */
import { describeItem, formatTrustedRoot } from '../../node/light/export'
import type { RecordFilter, StoredRecord } from '../../node/light/records'
import { toJson, type JsonValue } from '../../node/rpc/json'
import type { IpcParsedRequest, IpcResponse } from '../../shared/ipc'
import type { Handler } from './types'

type RecordOut = IpcResponse<'custos:records-query'>['records'][number]

/** Fields left out of the bridge's copy of a record: proofs, commits and raw bytes. */
const HEAVY_FIELDS = new Set(['proof', 'bytes', 'commit'])

function filterOf(request: IpcParsedRequest<'custos:records-counts'>): RecordFilter {
  return {
    ...(request.fromMs === undefined ? {} : { from: request.fromMs }),
    ...(request.toMs === undefined ? {} : { to: request.toMs }),
    ...(request.accounts === undefined ? {} : { accounts: request.accounts }),
    ...(request.types === undefined ? {} : { types: request.types }),
  }
}

function titleOf(record: StoredRecord): string {
  switch (record.type) {
    case 'block':
      return `Block ${record.height} (${record.commit.signatures.length} signatures)`
    case 'transaction':
      return `${record.kind} by ${record.from} at height ${record.height}`
    case 'proposal':
      return `Proposal ${record.id.slice(0, 10)}… of ${record.account}: ${record.status}`
    case 'govProposal':
      return `Governance proposal "${record.proposal.title}": ${record.status}`
    case 'policyVersion':
      return `Policy version ${record.policyVersion} of ${record.account}`
    case 'holding':
      return `${record.amount} ${record.symbol} held by ${record.holder}`
    case 'audit':
      return `${record.user}: ${record.action}`
  }
}

function recordOut(record: StoredRecord): RecordOut {
  const fields: Record<string, JsonValue> = {}
  for (const [key, value] of Object.entries(record))
    if (!HEAVY_FIELDS.has(key) && key !== 'type' && value !== undefined) fields[key] = toJson(value)
  return {
    type: record.type,
    timeMs: record.timeMs,
    ...('height' in record ? { height: record.height.toString() } : {}),
    title: titleOf(record),
    fields,
  }
}

export const queryRecords: Handler<'custos:records-query'> = async (services, request) => {
  const offset = request.offset ?? 0
  const limit = request.limit ?? 100
  const records: RecordOut[] = []
  let seen = 0
  let hasMore = false
  for (const record of services.records.iterateRecords(filterOf(request))) {
    if (seen++ < offset) continue
    if (records.length === limit) {
      hasMore = true
      break
    }
    records.push(recordOut(record))
  }
  return { records, hasMore }
}

export const recordCounts: Handler<'custos:records-counts'> = async (services, request) => ({
  counts: services.records.counts(filterOf(request)),
})

export const startRecordsExport: Handler<'custos:records-export-start'> = async (
  services,
  request,
) => ({
  exportId: services.exports.start({
    filter: filterOf(request),
    csv: request.csv ?? true,
    pdf: request.pdf ?? true,
  }),
})

export const recordsExportStatus: Handler<'custos:records-export-status'> = async (
  services,
  request,
) => {
  const job = services.exports.get(request.exportId)
  switch (job.state) {
    case 'running':
      return job.progress ? { state: 'running', progress: job.progress } : { state: 'running' }
    case 'failed':
      return { state: 'failed', error: { message: job.error.message } }
    case 'done': {
      const r = job.result
      return {
        state: 'done',
        result: {
          directory: r.directory,
          bundlePath: r.bundlePath,
          bundleHash: r.bundleHash,
          csvPaths: Object.values(r.csvPaths).filter((path) => path !== undefined),
          ...(r.pdfPath === undefined ? {} : { pdfPath: r.pdfPath }),
          counts: Object.fromEntries(
            Object.entries(r.counts).filter(
              (entry): entry is [string, number] => entry[1] !== undefined,
            ),
          ),
          trustedRoot: formatTrustedRoot(r.trustedRoot),
        },
      }
    }
  }
}

export const verifyRecordsExport: Handler<'custos:records-verify'> = async (services, request) => {
  const report = await services.exports.verify(request.exportId)
  return {
    ok: report.ok,
    checked: report.checked,
    counts: report.counts,
    failures: report.failures.map((f) => ({
      item: describeItem(f.record),
      code: f.code,
      reason: f.reason,
    })),
  }
}
