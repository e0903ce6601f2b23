/**
 * Text forms of exported values: one spelling each, so a re-derived field compares equal to
 * the exported one exactly when the value is the same.
 */
import type { Header } from '../../../protocol/block'

/** Block time as ISO 8601 UTC with milliseconds (header `timeMs`). */
export function blockTime(header: Header): string {
  return new Date(Number(header.timeMs)).toISOString()
}

/**
 * A value as JSON with bigints as decimal strings (exact), keys in their stored order. Part of
 * the bundle format: a verifier derives fields with exactly this function.
 */
export function jsonField(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

/** A string, bigint, number or boolean as text; anything else (absent) as ''. */
export function scalarText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'bigint':
    case 'number':
    case 'boolean':
      return String(value)
    default:
      return ''
  }
}
