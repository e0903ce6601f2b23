/**
 * A trusted root: the height and hash of a block the auditor trusts from outside the bundle
 * (the network's genesis hash, a Tier-1 checkpoint, a hash read out by the institution). Every
 * record of a bundle is verified from it and from nothing else in the bundle.
 */
import type { Hex } from '../../protocol/messages'
import { BadTrustedRoot } from './errors'

export interface TrustedRoot {
  height: bigint
  hash: Hex
}

/** The `HEIGHT:HASH` form a user types, e.g. `0:0x3f…`; the hash may be in any case. */
export function parseTrustedRoot(input: string): TrustedRoot {
  const match = /^(\d{1,20}):(0x[0-9a-fA-F]+)$/.exec(input.trim())
  if (!match) throw new BadTrustedRoot(input, 'is not HEIGHT:HASH')
  const [, height, hash] = match as unknown as [string, string, string]
  if (hash.length !== 66) throw new BadTrustedRoot(input, 'has a hash that is not 32 bytes')
  if (height.length > 1 && height.startsWith('0'))
    throw new BadTrustedRoot(input, 'has a height with leading zeros')
  const value = BigInt(height)
  if (value >= 1n << 64n) throw new BadTrustedRoot(input, 'has a height beyond uint64')
  return { height: value, hash: hash.toLowerCase() as Hex }
}

export function formatTrustedRoot(root: TrustedRoot): string {
  return `${root.height}:${root.hash}`
}
