/**
 * zod schemas of RPC params: integers as decimal strings (or JSON numbers up to 2^53), bytes as
 * 0x-hex, addresses lowercased. `parseParams` turns the first zod issue into a -32602 error
 * naming the field.
 */
import { z } from 'zod'
import type { Address, Hex } from '../protocol/messages'
import { limits } from '../protocol/txTypes'
import { invalidParams, type RpcError } from './errors'

/** An unsigned integer of `bits` bits: a decimal string or a non-negative safe integer. */
function decimalUint(bits: number, maxDigits: number) {
  return z
    .union(
      [
        z
          .string()
          .regex(
            new RegExp(`^(0|[1-9]\\d{0,${maxDigits - 1}})$`),
            'must be a decimal integer string',
          ),
        z
          .number()
          .int('must be an integer')
          .nonnegative('must not be negative')
          .max(Number.MAX_SAFE_INTEGER),
      ],
      { error: 'must be a decimal integer string' },
    )
    .transform((v) => BigInt(v))
    .refine((v) => v < 1n << BigInt(bits), `does not fit in uint${bits}`)
}

/** A uint64: a decimal string or a non-negative safe integer. */
export const uint64 = decimalUint(64, 20)

/** A uint256 (amounts): a decimal string or a non-negative safe integer. */
export const uint256 = decimalUint(256, 78)

/** How many items a listing returns: 1–500, default 100. */
export const limit = z
  .number({ error: 'must be a whole number from 1 to 500' })
  .int('must be a whole number from 1 to 500')
  .min(1, 'must be a whole number from 1 to 500')
  .max(500, 'must be a whole number from 1 to 500')
  .default(100)

export const address = z
  .string({ error: 'must be a 0x-prefixed 20-byte hex address' })
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
  .transform((v) => v.toLowerCase() as Address)

export const bytes32 = z
  .string({ error: 'must be 0x-prefixed 32-byte hex' })
  .regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x-prefixed 32-byte hex')
  .transform((v) => v.toLowerCase() as Hex)

/** Token symbols: 1–12 of A–Z 0–9 . -, starting with a letter (docs/protocol.md). */
export const symbol = z
  .string({ error: 'must be a token symbol' })
  .regex(
    /^[A-Z][A-Z0-9.-]{0,11}$/,
    "must be a token symbol: 1–12 of A–Z, 0–9, '.', '-', starting with a letter",
  )

/** A signed transaction's canonical envelope bytes. */
export const txHex = z
  .string({ error: 'must be the signed transaction as 0x-hex' })
  .regex(/^0x(?:[0-9a-fA-F]{2})+$/, 'must be the signed transaction as 0x-hex')
  .max(
    2 + 2 * limits.maxTxBytes,
    `is over ${limits.maxTxBytes} bytes, the most a transaction may be`,
  )

/** `params.auth` of a private request (docs/rpc.md, "Authentication"). */
export const authSchema = z.strictObject(
  {
    signer: address,
    issuedAt: uint64,
    signature: z
      .string({ error: 'must be a 65-byte 0x-hex signature' })
      .regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte 0x-hex signature')
      .transform((v) => v.toLowerCase() as Hex),
  },
  { error: 'must be an object { signer, issuedAt, signature }' },
)

export type AuthParams = z.output<typeof authSchema>

/** Validates `value` with `schema`; throws -32602 naming the first offending field. */
export function parseParams<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  throw paramsError(parsed.error, value, prefix)
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

function paramsError(error: z.ZodError, value: unknown, prefix: string): RpcError {
  const issue = error.issues[0]
  if (!issue) return invalidParams(prefix || 'params', 'invalid')
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.')
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    return invalidParams(path ? `${path}.${key}` : key, 'is not a parameter of this method')
  }
  const missing = issue.path.length > 0 && valueAt(value, issue.path) === undefined
  return invalidParams(path || 'params', missing ? 'is required' : issue.message)
}
