/** Byte and nibble helpers for the trie (hot paths, kept allocation-light). */

/** A path as one nibble (0..15) per byte. */
export type Nibbles = Uint8Array

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lowercase hex without 0x. */
export function toHex(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] as number]
  return s
}

export function bytesToNibbles(bytes: Uint8Array): Nibbles {
  const out = new Uint8Array(bytes.length * 2)
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number
    out[2 * i] = b >> 4
    out[2 * i + 1] = b & 0x0f
  }
  return out
}

export function concatNibbles(a: Nibbles, b: Nibbles): Nibbles {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** Length of the common prefix of `path` and `key[pos..]`. */
export function commonPrefix(path: Nibbles, key: Nibbles, pos: number): number {
  const max = Math.min(path.length, key.length - pos)
  let i = 0
  while (i < max && path[i] === key[pos + i]) i++
  return i
}
