/**
 * Auditor exports of the records, run in the background so the UI can show progress: each
 * export opens its own read-only connection to the records (the light client keeps writing on
 * the app's), writes the bundle, CSV files and PDF report into `exportsDir/<id>`, and is
 * polled by id. A finished export can be verified again from the app's trusted root.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  exportRecords,
  verifyBundle,
  type ExportProgress,
  type ExportResult,
  type TrustedRoot,
  type VerifyReport,
} from '../../node/light/export'
import type { BundleLightBlock } from '../../node/light/export'
import { RecordStore, type RecordFilter } from '../../node/light/records'
import type { Address } from '../../node/protocol'
import { ServiceError } from './errors'

/** What every export is proven from: the chain and the block the app trusts. */
export interface ExportBasis {
  chain: { chainId: bigint; verifyingContract: Address }
  trustedRoot: TrustedRoot
  /** The root's light block when the records do not hold it (the genesis block). */
  rootBlock?: BundleLightBlock
}

export type ExportJob =
  | { state: 'running'; progress?: ExportProgress }
  | { state: 'done'; result: ExportResult }
  | { state: 'failed'; error: Error }

export interface StartExportParameters {
  filter: RecordFilter
  csv: boolean
  pdf: boolean
}

export interface ExportJobs {
  /** Starts an export; returns its id at once. */
  start(params: StartExportParameters): string
  /** The export's state; throws `ServiceError('NOT_FOUND')` for an unknown id. */
  get(id: string): ExportJob
  /** Verifies a finished export's bundle from the app's trusted root. */
  verify(id: string): Promise<VerifyReport>
  /** Waits for running exports (on stop). */
  settle(): Promise<void>
}

export interface ExportJobsParameters {
  recordsPath: string
  recordsKey: Uint8Array
  exportsDir: string
  basis: ExportBasis
}

export function exportJobs(p: ExportJobsParameters): ExportJobs {
  const jobs = new Map<string, ExportJob>()
  const running = new Set<Promise<void>>()

  const find = (id: string): ExportJob => {
    const job = jobs.get(id)
    if (!job) throw new ServiceError('UNKNOWN_EXPORT', `There is no export ${JSON.stringify(id)}.`)
    return job
  }

  return {
    start(params) {
      const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`
      const job: ExportJob = { state: 'running' }
      jobs.set(id, job)
      const source = RecordStore.open({ path: p.recordsPath, key: p.recordsKey, readOnly: true })
      const run = exportRecords({
        source,
        directory: join(p.exportsDir, id),
        chain: p.basis.chain,
        trustedRoot: p.basis.trustedRoot,
        ...(p.basis.rootBlock ? { rootBlock: p.basis.rootBlock } : {}),
        filter: params.filter,
        csv: params.csv,
        pdf: params.pdf,
        onProgress: (progress) => jobs.set(id, { state: 'running', progress }),
      })
        .then((result) => void jobs.set(id, { state: 'done', result }))
        .catch((error: unknown) => {
          jobs.set(id, {
            state: 'failed',
            error: error instanceof Error ? error : new Error(String(error)),
          })
        })
        .finally(() => {
          source.close()
          running.delete(run)
        })
      running.add(run)
      return id
    },
    get: find,
    async verify(id) {
      const job = find(id)
      if (job.state !== 'done')
        throw new ServiceError(
          'NOT_READY',
          `Export ${id} is ${job.state}; verify it once it is done.`,
        )
      const bundle: unknown = JSON.parse(readFileSync(job.result.bundlePath, 'utf8'))
      return verifyBundle(bundle, p.basis.trustedRoot)
    },
    async settle() {
      await Promise.all(running)
    },
  }
}
