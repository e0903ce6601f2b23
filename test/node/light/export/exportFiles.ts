/** Shared helpers of the export tests: exporting the scenario and reading what was written. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { nativeRecoverAddress } from '../../../../src/node/chain'
import {
  exportRecords,
  verifyBundle,
  type ExportBundle,
  type ExportRecordsParameters,
  type ExportResult,
  type VerifyReport,
} from '../../../../src/node/light/export'
import { CHAIN_ID, testDomain } from '../../../fixtures/network'
import type { Scenario } from './scenario'

export const chain = { chainId: CHAIN_ID, verifyingContract: testDomain.verifyingContract }

let exports = 0

/** Exports the scenario's records into a new folder of its temp dir. */
export function exportScenario(
  s: Scenario,
  options: Partial<ExportRecordsParameters> = {},
): Promise<ExportResult> {
  return exportRecords({
    source: s.net.records,
    directory: join(s.net.dir, `export-${++exports}`),
    chain,
    trustedRoot: s.net.root,
    rootBlock: s.net.genesis,
    now: () => new Date('2026-03-01T09:30:00Z'),
    ...options,
  })
}

export function readBundle(result: ExportResult): ExportBundle {
  return JSON.parse(readFileSync(result.bundlePath, 'utf8')) as ExportBundle
}

/** Verifies with libsecp256k1 recovery (fast), from the scenario's genesis unless told. */
export function verify(
  bundle: unknown,
  root: { height: bigint; hash: `0x${string}` },
): Promise<VerifyReport> {
  return verifyBundle(bundle, root, { recover: nativeRecoverAddress })
}

/** A CSV file parsed strictly (RFC 4180, CRLF) into header + rows. */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [header = [], ...rows] = parse(readFileSync(path, 'utf8'), {
    record_delimiter: '\r\n',
    relax_quotes: false,
    relax_column_count: false,
  }) as string[][]
  return { header, rows }
}
