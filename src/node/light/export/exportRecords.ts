/**
 * Exports the institution's records for an auditor, into one folder:
 * - `bundle.json` — the `custos-export-v1` bundle: every record with its proof, the light
 *   blocks that prove their headers from the trusted root, and the audit log;
 * - one CSV file per record type (RFC 4180), holding the bundle's fields (blocks.csv: the light
 *   blocks of the bundle, the headers that prove its records);
 * - `report.pdf` — a summary with the filter, the trusted root and the bundle's SHA-256.
 *
 * Streams: records are read, converted and written one at a time (memory holds the headers
 * in use, the report's figures and the set of heights), yielding to the event loop between
 * batches and reporting progress as records done of the total.
 *
 * @example
 * const records = RecordStore.open({ path, key, readOnly: true })
 * const result = await exportRecords({
 *   source: records,
 *   directory: '/tmp/audit-2026-q1',
 *   chain: { chainId: 7001n, verifyingContract: '0x…' },
 *   trustedRoot: { height: 0n, hash: '0x…' },
 *   filter: { from: new Date('2026-01-01'), to: new Date('2026-04-01') },
 *   onProgress: ({ done, total }) => bar.update(done / total),
 * })
 * // hand over result.directory; the auditor runs: custos verify-export bundle.json --trusted-root 0:0x…
 */
import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { nativeRecoverAddress } from '../../chain/nativeRecover'
import type { Header } from '../../protocol/block'
import { custosDomain } from '../../protocol/eip712'
import type { Address, Hex } from '../../protocol/messages'
import type { RecoverAddress } from '../../protocol/signature'
import { RECORD_TYPES, type RecordFilter, type RecordType } from '../records/types'
import { BundleWriter } from './bundle/bundleWriter'
import { BUNDLE_RECORD_TYPES, type AuditEntryJson } from './bundle/format'
import { lightBlockToJson, type BundleLightBlock } from './bundle/lightBlockJson'
import { bundleRecord, type ChainRecord } from './build/bundleRecord'
import { CsvFiles } from './build/csvFiles'
import { FileSink } from './build/fileSink'
import { filterJson } from './build/filterJson'
import { headerPath } from './build/headerPath'
import { resolveRoot } from './build/resolveRoot'
import type { ExportSource } from './build/source'
import { auditFields } from './derive/auditFields'
import { blockFields } from './derive/blockFields'
import { NoHeaderPath } from './errors'
import { renderReport } from './pdf/renderReport'
import { ReportSummary } from './pdf/summary'
import type { TrustedRoot } from './trustedRoot'

export interface ExportProgress {
  /** What is being written: the records, the light blocks, the audit log, the report. */
  phase: 'records' | 'lightBlocks' | 'auditLog' | 'report'
  done: number
  total: number
}

export interface ExportRecordsParameters {
  source: ExportSource
  /** Folder to write into (created if absent; files of the same names are replaced). */
  directory: string
  /** The chain: commits are signed in its EIP-712 domain. */
  chain: { chainId: bigint; verifyingContract: Address }
  /** The block an auditor trusts; every record is proven from it. */
  trustedRoot: TrustedRoot
  /** The trusted root's light block, when the records do not hold it (genesis). */
  rootBlock?: BundleLightBlock
  filter?: RecordFilter
  /** What to write besides the bundle (default: both). */
  csv?: boolean
  pdf?: boolean
  onProgress?: (progress: ExportProgress) => void
  /** The export's time (default: now). */
  now?: () => Date
  /** Signature recovery for checking the header path (default: libsecp256k1). */
  recover?: RecoverAddress
  /** Rows per detail table in the PDF (default 500). */
  maxReportRows?: number
}

export interface ExportResult {
  directory: string
  bundlePath: string
  /** SHA-256 of bundle.json (0x-hex): what `sha256sum` prints, quoted in the report. */
  bundleHash: Hex
  csvPaths: Partial<Record<RecordType, string>>
  pdfPath?: string
  /** Records written per type (blocks: light blocks; audit: entries). */
  counts: Partial<Record<RecordType, number>>
  trustedRoot: TrustedRoot
}

const BATCH = 2_000
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve))

function selected(filter: RecordFilter): RecordType[] {
  return RECORD_TYPES.filter((t) => !filter.types || filter.types.includes(t))
}

export async function exportRecords(params: ExportRecordsParameters): Promise<ExportResult> {
  const { source, directory } = params
  const filter = params.filter ?? {}
  const types = selected(filter)
  const chainTypes = types.filter((t): t is ChainRecord['type'] =>
    (BUNDLE_RECORD_TYPES as readonly string[]).includes(t),
  )
  const domain = custosDomain(params.chain.chainId, params.chain.verifyingContract)
  const recover = params.recover ?? nativeRecoverAddress
  const root = resolveRoot(source, params.trustedRoot, params.rootBlock)
  const exportedAt = (params.now?.() ?? new Date()).toISOString()
  mkdirSync(directory, { recursive: true })

  const counted = source.counts(filter)
  const total = chainTypes.reduce((sum, t) => sum + counted[t], 0)
  const progress = (phase: ExportProgress['phase'], done: number, of: number) =>
    params.onProgress?.({ phase, done, total: of })

  const bundlePath = join(directory, 'bundle.json')
  const bundleFile = new FileSink(bundlePath, { sha256: true })
  const head = {
    chain: {
      chainId: params.chain.chainId.toString(),
      verifyingContract: params.chain.verifyingContract.toLowerCase() as Address,
    },
    exportedAt,
    filter: filterJson(filter),
    trustedRoot: { height: params.trustedRoot.height.toString(), hash: params.trustedRoot.hash },
  }
  const writer = new BundleWriter((text) => bundleFile.write(text), head)
  const csv = params.csv === false ? undefined : new CsvFiles(directory, types)
  const summary = new ReportSummary(params.maxReportRows)

  // records, in time order; the heights they need
  const headers = new Map<bigint, Header>()
  const headerAt = (height: bigint): Header => {
    let header = headers.get(height)
    if (!header) {
      const block = source.block(height)
      if (!block)
        throw new NoHeaderPath(
          height,
          `a record is at height ${height}, whose block is not recorded`,
        )
      header = block.header
      headers.set(height, header)
    }
    return header
  }
  let done = 0
  if (chainTypes.length > 0)
    for (const record of source.iterateRecords({ ...filter, types: chainTypes })) {
      if (record.type === 'block' || record.type === 'audit') continue
      const json = bundleRecord(record, headerAt(record.height))
      writer.record(json)
      csv?.row(record.type, json.fields)
      summary.add(json)
      if (++done % BATCH === 0) {
        progress('records', done, total)
        await nextTick()
      }
    }
  progress('records', done, total)

  // the light blocks proving those heights (blocks.csv lists them: the headers in the filter's
  // range are not exported one by one, a light node records one per second)
  const heights = new Set(headers.keys())
  headers.clear()
  const path = headerPath({ source, root, heights, domain, recover })
  path.forEach(({ block, step }, i) => {
    writer.lightBlock(lightBlockToJson(block, step))
    csv?.row('block', blockFields(block, step))
    progress('lightBlocks', i + 1, path.length)
  })
  summary.count('block', path.length)

  // the audit log from entry 1 (its chain is checkable only from the start)
  let auditHead: { seq: number; hash: Hex } | undefined
  if (types.includes('audit')) {
    const auditFilter: RecordFilter =
      filter.to === undefined ? { types: ['audit'] } : { types: ['audit'], to: filter.to }
    for (const entry of source.iterateRecords(auditFilter)) {
      if (entry.type !== 'audit') continue
      const json: AuditEntryJson = {
        seq: entry.seq,
        timeMs: entry.timeMs,
        user: entry.user,
        action: entry.action,
        details: entry.details,
        prevHash: entry.prevHash,
        hash: entry.hash,
      }
      writer.auditEntry(json)
      csv?.row('audit', auditFields(json))
      summary.count('audit')
      auditHead = { seq: entry.seq, hash: entry.hash }
    }
  }
  writer.end()
  const bundleHash = bundleFile.close() as Hex
  const csvPaths = csv?.close() ?? {}

  let pdfPath: string | undefined
  if (params.pdf !== false) {
    progress('report', 0, 1)
    pdfPath = join(directory, 'report.pdf')
    await renderReport(
      pdfPath,
      {
        ...head,
        bundleFile: basename(bundlePath),
        bundleHash,
        lightBlocks: path.length,
        ...(auditHead ? { auditHead } : {}),
      },
      summary,
    )
    progress('report', 1, 1)
  }
  return {
    directory,
    bundlePath,
    bundleHash,
    csvPaths,
    ...(pdfPath ? { pdfPath } : {}),
    counts: Object.fromEntries(summary.counts) as Partial<Record<RecordType, number>>,
    trustedRoot: params.trustedRoot,
  }
}
