/**
 * Reading a bundle: the top level must be a `custos-export-v1` document (or `BadBundle` is
 * thrown: nothing can be checked), while light blocks, records and audit entries stay
 * `unknown` here and are parsed one by one by the verifier, so a malformed record is reported
 * as a failure of that record rather than of the whole bundle.
 */
import { z } from 'zod'
import type { Address, Hex } from '../../../protocol/messages'
import { BadBundle } from '../errors'
import { BUNDLE_FORMAT, BUNDLE_RECORD_TYPES, type FilterJson } from './format'
import { address, count, decimal, hash32, hex } from './jsonSchemas'

const filterSchema = z.strictObject({
  from: z.iso.datetime().nullable(),
  to: z.iso.datetime().nullable(),
  accounts: z.array(address).nullable(),
  types: z.array(z.string()).nullable(),
})

const topSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  chain: z.strictObject({ chainId: decimal, verifyingContract: address }),
  exportedAt: z.string(),
  filter: filterSchema,
  trustedRoot: z.strictObject({ height: decimal, hash: hash32 }),
  lightBlocks: z.array(z.unknown()),
  records: z.array(z.unknown()),
  auditLog: z.array(z.unknown()),
})

/** A bundle whose top level is checked; its entries are still to be parsed. */
export interface ParsedBundle {
  chain: { chainId: bigint; verifyingContract: Address }
  exportedAt: string
  filter: FilterJson
  trustedRoot: { height: bigint; hash: Hex }
  lightBlocks: unknown[]
  records: unknown[]
  auditLog: unknown[]
}

/** The first zod issue as `path: message`. */
export function zodReason(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid'
  const path = issue.path.map(String).join('.')
  return path ? `${path}: ${issue.message}` : issue.message
}

/** Checks the top level of a parsed JSON bundle; throws `BadBundle` naming the problem. */
export function parseBundle(value: unknown): ParsedBundle {
  const parsed = topSchema.safeParse(value)
  if (!parsed.success) throw new BadBundle(zodReason(parsed.error))
  return parsed.data
}

/** Parses bundle text (JSON); throws `BadBundle` when it is not JSON or not a bundle. */
export function parseBundleText(text: string): ParsedBundle {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new BadBundle('the file is not JSON', cause)
  }
  return parseBundle(value)
}

const fields = z.record(z.string(), z.string())

export const transactionRecordSchema = z.strictObject({
  type: z.literal('transaction'),
  id: z.string(),
  height: decimal,
  fields,
  proof: z.strictObject({ tx: hex, index: count, txCount: count, path: z.array(hash32) }),
})

export const stateRecordSchema = z.strictObject({
  type: z.enum(BUNDLE_RECORD_TYPES.filter((t) => t !== 'transaction')),
  id: z.string(),
  height: decimal,
  fields,
  proof: z.strictObject({ key: z.string(), value: hex.nullable(), nodes: z.array(hex) }),
})

export type TransactionRecordInput = z.infer<typeof transactionRecordSchema>
export type StateRecordInput = z.infer<typeof stateRecordSchema>

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
)

export const auditEntrySchema = z.strictObject({
  seq: count.min(1),
  timeMs: count,
  user: z.string(),
  action: z.string(),
  details: jsonValue,
  prevHash: hash32,
  hash: hash32,
})
