/**
 * Single-field edits of a bundle for the mutation tests: every leaf of an item (walking into
 * objects and arrays), each changed to a different value of the same form, so the edit passes
 * the format's syntax and only the proofs can catch it.
 */

export type JsonPath = Array<string | number>

type Container = Record<string, unknown> | unknown[]

export interface Leaf {
  path: JsonPath
  value: unknown
  /** Replaces the value in place; returns a function restoring it. */
  replace(value: unknown): () => void
}

/** Every leaf under `root` (strings, numbers, booleans, nulls), depth first. */
export function leaves(root: Container, path: JsonPath = []): Leaf[] {
  const out: Leaf[] = []
  const entries: Array<[string | number, unknown]> = Array.isArray(root)
    ? root.map((v, i) => [i, v])
    : Object.entries(root)
  for (const [key, value] of entries) {
    if (value !== null && typeof value === 'object') {
      out.push(...leaves(value as Container, [...path, key]))
      continue
    }
    out.push({
      path: [...path, key],
      value,
      replace(next) {
        ;(root as Record<string | number, unknown>)[key] = next
        return () => {
          ;(root as Record<string | number, unknown>)[key] = value
        }
      },
    })
  }
  return out
}

const HEX_DIGITS = '0123456789abcdef'

/** Another character of the same kind (digit → digit, hex letter → hex letter, …). */
function otherChar(c: string): string {
  if (/[0-9a-f]/.test(c)) return HEX_DIGITS[(HEX_DIGITS.indexOf(c) + 1) % 16] as string
  if (/[g-z]/.test(c)) return c === 'z' ? 'g' : String.fromCharCode(c.charCodeAt(0) + 1)
  if (/[A-Z]/.test(c)) return c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1)
  return `${c}x`
}

/** A different value of the same form as `value`. */
export function mutated(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return value + 1
    case 'boolean':
      return !value
    case 'string':
      if (value === '') return '1'
      if (value === '0x') return '0x00'
      if (/^(0|[1-9]\d*)$/.test(value)) return (BigInt(value) + 1n).toString()
      return value.slice(0, -1) + otherChar(value.slice(-1))
    default:
      return value === null ? '0x00' : value
  }
}
