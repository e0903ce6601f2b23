/**
 * Encoding of state values (the bytes under each state key in the trie).
 *
 * A value is UTF-8 JSON; a bigint is written as the object {"$big":"<decimal>"}. Records are
 * built by the state machine with a fixed field order, so the bytes of a value are determined
 * by the transactions that produced it. Record objects never carry keys chosen by users.
 */
import { StoreCorrupt } from './errors'

export type StateValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | readonly StateValue[]
  | { readonly [key: string]: StateValue | undefined }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeStateValue(value: unknown): Uint8Array {
  return encoder.encode(
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' ? { $big: v.toString() } : v,
    ),
  )
}

const bigintOnly = /^\{"\$big":"(-?\d+)"\}$/

export function decodeStateValue<T = unknown>(bytes: Uint8Array): T {
  try {
    const text = decoder.decode(bytes)
    // fast path for the commonest values (balances, nonces): a lone bigint
    const lone = bigintOnly.exec(text)
    if (lone) return BigInt(lone[1] as string) as T
    return JSON.parse(text, (_key, v: unknown) => {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const keys = Object.keys(v)
        const big = (v as { $big?: unknown }).$big
        if (keys.length === 1 && typeof big === 'string' && /^-?\d+$/.test(big)) return BigInt(big)
      }
      return v
    }) as T
  } catch (cause) {
    throw new StoreCorrupt('state value is not valid JSON', { cause })
  }
}
