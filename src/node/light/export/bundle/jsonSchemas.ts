/**
 * zod schemas of the scalar forms a bundle uses. Each value has exactly one accepted spelling
 * (decimal integers without leading zeros, lowercase 0x-hex), so an edit that keeps a value
 * but changes its spelling is refused as malformed instead of slipping past the hashes.
 */
import { z } from 'zod'
import type { Address, Hex } from '../../../protocol/messages'

/** A non-negative integer as a decimal string, converted to a bigint. */
export const decimal = z
  .string()
  .regex(/^(0|[1-9]\d{0,77})$/, 'must be a decimal integer string without leading zeros')
  .transform((v) => BigInt(v))

/** A non-negative safe integer (positions, counts). */
export const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

export const hex = z
  .string()
  .regex(/^0x(?:[0-9a-f]{2})*$/, 'must be lowercase 0x-hex of whole bytes')
  .transform((v) => v as Hex)

export const hash32 = z
  .string()
  .regex(/^0x[0-9a-f]{64}$/, 'must be a lowercase 0x-hex 32-byte hash')
  .transform((v) => v as Hex)

export const address = z
  .string()
  .regex(/^0x[0-9a-f]{40}$/, 'must be a lowercase 0x-hex address')
  .transform((v) => v as Address)
