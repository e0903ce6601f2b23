/**
 * Parsing of people's inputs (CLI flags, JSON files, form fields) into protocol values. Every
 * refusal is the protocol's `InvalidValue`, naming the field and saying what is expected.
 */
import { InvalidValue } from '../protocol/errors'
import type { Address, Hex } from '../protocol/messages'

const UINT256_MAX = (1n << 256n) - 1n

/** A 0x-prefixed 20-byte address, lowercased. */
export function parseAddress(value: unknown, field: string): Address {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value))
    throw new InvalidValue(field, `must be a 0x-prefixed 20-byte hex address (got ${show(value)})`)
  return value.toLowerCase() as Address
}

/** A 0x-prefixed 32-byte hex value (ids, hashes), lowercased. */
export function parseBytes32(value: unknown, field: string): Hex {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value))
    throw new InvalidValue(field, `must be 0x-prefixed 32-byte hex (got ${show(value)})`)
  return value.toLowerCase() as Hex
}

/**
 * A non-negative integer: a decimal string ("1000000", "1_000_000" is refused) or a JSON number
 * up to 2^53 − 1. Amounts are in the token's smallest unit (cents for a 2-decimal token).
 */
export function parseUint(value: unknown, field: string, max: bigint = UINT256_MAX): bigint {
  let parsed: bigint | undefined
  if (typeof value === 'string' && /^(0|[1-9]\d*)$/.test(value)) parsed = BigInt(value)
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
    parsed = BigInt(value)
  else if (typeof value === 'bigint' && value >= 0n) parsed = value
  if (parsed === undefined)
    throw new InvalidValue(field, `must be a whole number written in decimal (got ${show(value)})`)
  if (parsed > max) throw new InvalidValue(field, `must be at most ${max} (got ${parsed})`)
  return parsed
}

/** A positive amount in the token's smallest unit. */
export function parseAmount(value: unknown, field: string): bigint {
  const amount = parseUint(value, field)
  if (amount === 0n) throw new InvalidValue(field, 'must be more than 0')
  return amount
}

/** Token symbols: 1–12 of A–Z 0–9 . -, starting with a letter (docs/protocol.md). */
export function parseSymbol(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Z][A-Z0-9.-]{0,11}$/.test(value))
    throw new InvalidValue(
      field,
      `must be a token symbol: 1–12 of A–Z, 0–9, '.', '-', starting with a letter (got ${show(value)})`,
    )
  return value
}

/** One of `options`, case-sensitive. */
export function parseOption<T extends string>(
  value: unknown,
  options: readonly T[],
  field: string,
): T {
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as T
  throw new InvalidValue(field, `must be one of ${options.join(', ')} (got ${show(value)})`)
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'bigint') return value.toString()
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}
