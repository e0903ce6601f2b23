/**
 * Records: the institution's encrypted local records (every header the light client verified,
 * and the records kept beside them), searched with filters and paging, counted by type, and
 * exported for auditors (a proof bundle, CSV files, a PDF report) in the background with
 * progress, then verified again from the app's trusted root.
 */
import { z } from 'zod'
import { address, decimal } from './values'

export const recordTypes = [
  'block',
  'transaction',
  'proposal',
  'govProposal',
  'policyVersion',
  'holding',
  'audit',
] as const

const filter = {
  /** Unix milliseconds, inclusive. */
  fromMs: z.number().int().optional(),
  /** Unix milliseconds, exclusive. */
  toMs: z.number().int().optional(),
  accounts: z.array(address).max(64).optional(),
  types: z.array(z.enum(recordTypes)).min(1).optional(),
}

/** A JSON value (a record's fields; bigints as decimal strings, bytes as hex). */
export type RecordJson =
  string | number | boolean | null | RecordJson[] | { [key: string]: RecordJson }
const recordJson: z.ZodType<RecordJson> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(recordJson),
    z.record(z.string(), recordJson),
  ]),
)

/** An export's id, as `custos:records-export-start` answered it. */
const exportId = z.string().regex(/^[0-9A-Za-z-]{1,80}$/, 'must be an export id')

const record = z.object({
  type: z.enum(recordTypes),
  timeMs: z.number(),
  height: decimal.optional(),
  /** One line for people. */
  title: z.string(),
  fields: z.record(z.string(), recordJson),
})

export const recordsChannels = {
  'custos:records-query': {
    request: z.strictObject({
      ...filter,
      /** Records to skip (paging, oldest first). */
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    response: z.object({ records: z.array(record), hasMore: z.boolean() }),
  },
  'custos:records-counts': {
    request: z.strictObject(filter),
    response: z.object({ counts: z.record(z.enum(recordTypes), z.number()) }),
  },
  'custos:records-export-start': {
    request: z.strictObject({
      ...filter,
      /** Also write one CSV file per record type (default true). */
      csv: z.boolean().optional(),
      /** Also write the PDF report (default true). */
      pdf: z.boolean().optional(),
    }),
    response: z.object({ exportId: z.string() }),
  },
  'custos:records-export-status': {
    request: z.strictObject({ exportId }),
    response: z.object({
      state: z.enum(['running', 'done', 'failed']),
      /** While running: what is being written and how far. */
      progress: z
        .object({
          phase: z.enum(['records', 'lightBlocks', 'auditLog', 'report']),
          done: z.number(),
          total: z.number(),
        })
        .optional(),
      result: z
        .object({
          directory: z.string(),
          bundlePath: z.string(),
          /** SHA-256 of bundle.json, as `sha256sum` prints it (quoted in the report). */
          bundleHash: z.string(),
          csvPaths: z.array(z.string()),
          pdfPath: z.string().optional(),
          counts: z.record(z.string(), z.number()),
          trustedRoot: z.string(),
        })
        .optional(),
      error: z.object({ message: z.string() }).optional(),
    }),
  },
  'custos:records-verify': {
    request: z.strictObject({ exportId }),
    response: z.object({
      ok: z.boolean(),
      checked: z.number(),
      counts: z.record(z.string(), z.number()),
      /** Each failure in words: which item, the code, why. */
      failures: z.array(z.object({ item: z.string(), code: z.string(), reason: z.string() })),
    }),
  },
} as const
