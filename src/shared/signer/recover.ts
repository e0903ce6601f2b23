/**
 * Checking a device's signature before anyone relies on it: normalise it to low s (EIP-2:
 * s ≤ n/2, the only form Custos accepts; the same key and digest then always give the same
 * 65 bytes), recover the signer from the digest and compare it with the expected address.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { recoverAddress } from 'viem'
import { WrongDeviceSigner } from './errors'
import type { Hex } from './typedData'

const N = secp256k1.Point.CURVE().n

/** The low-s form of an r ‖ s ‖ v signature (flipping v when s is flipped). */
export function lowS(signature: Hex): Hex {
  const s = BigInt(`0x${signature.slice(66, 130)}`)
  if (s <= N >> 1n) return signature
  const v = Number.parseInt(signature.slice(130, 132), 16)
  const flipped = (N - s).toString(16).padStart(64, '0')
  return `${signature.slice(0, 66)}${flipped}${(v === 27 ? 28 : 27).toString(16)}` as Hex
}

/** Throws `WrongDeviceSigner` unless `signature` over `digest` recovers `expected`. */
export async function checkSigner(
  digest: Hex,
  signature: Hex,
  expected: string,
  path: string,
): Promise<`0x${string}`> {
  const recovered = (await recoverAddress({ hash: digest, signature })).toLowerCase()
  if (recovered !== expected.toLowerCase())
    throw new WrongDeviceSigner(expected.toLowerCase(), recovered, path)
  return recovered as `0x${string}`
}
