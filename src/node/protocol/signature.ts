/**
 * secp256k1 signatures in Ethereum's 65-byte form r ‖ s ‖ v (v = 27 or 28).
 *
 * Only low-s signatures are accepted (EIP-2: s ≤ n/2), so each signed message has exactly one
 * valid signature per key and a transaction's bytes cannot be altered without the key.
 * Recovery is pluggable (`RecoverAddress`): the pure default uses @noble/curves; a node may
 * inject a native implementation with the same contract.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { BadSignature } from './errors'
import { bytesToBigint, concatBytes, fromHex, keccak256, toHex } from './hash'
import type { Address, Hex } from './messages'

const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const HALF_N = CURVE_N >> 1n

/** Recovers the signer's address of a 32-byte digest from a 65-byte r ‖ s ‖ v signature. */
export type RecoverAddress = (digest: Uint8Array, signature: Uint8Array) => Address

/** Decodes and checks a 65-byte signature; throws `BadSignature` on any defect. */
export function parseSignature(signature: string | Uint8Array): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = typeof signature === 'string' ? fromHex(signature) : signature
  } catch (cause) {
    throw new BadSignature('not hex', { cause })
  }
  if (bytes.length !== 65) throw new BadSignature(`expected 65 bytes, got ${bytes.length}`)
  const r = bytesToBigint(bytes.subarray(0, 32))
  const s = bytesToBigint(bytes.subarray(32, 64))
  const v = bytes[64]
  if (v !== 27 && v !== 28) throw new BadSignature(`v must be 27 or 28, got ${v}`)
  if (r === 0n || r >= CURVE_N) throw new BadSignature('r is out of range')
  if (s === 0n || s >= CURVE_N) throw new BadSignature('s is out of range')
  if (s > HALF_N) throw new BadSignature('s is in the upper half of the curve order (malleable)')
  return bytes
}

export function publicKeyToAddress(uncompressed: Uint8Array): Address {
  return toHex(keccak256(uncompressed.subarray(1)).subarray(12)) as Address
}

/** Pure-JS recovery through @noble/curves. */
export const nobleRecoverAddress: RecoverAddress = (digest, signature) => {
  const recovered = concatBytes(
    Uint8Array.of((signature[64] ?? 27) - 27),
    signature.subarray(0, 64),
  )
  try {
    const publicKey = secp256k1.recoverPublicKey(recovered, digest, { prehash: false })
    return publicKeyToAddress(secp256k1.Point.fromBytes(publicKey).toBytes(false))
  } catch (cause) {
    throw new BadSignature('no public key recovers from it', { cause })
  }
}

/** Signs a 32-byte digest (deterministic k, RFC 6979; low-s). */
export function signDigest(digest: Uint8Array, privateKey: Uint8Array): Hex {
  const sig = secp256k1.sign(digest, privateKey, { prehash: false, format: 'recovered' })
  // noble's recovered format is recovery ‖ r ‖ s; Ethereum's is r ‖ s ‖ (27 + recovery)
  return toHex(concatBytes(sig.subarray(1, 65), Uint8Array.of(27 + (sig[0] ?? 0))))
}

export function addressOfPrivateKey(privateKey: Uint8Array): Address {
  return publicKeyToAddress(secp256k1.getPublicKey(privateKey, false))
}

/** A private key derived deterministically from a seed (for devnets and tests only). */
export function devPrivateKey(seed: string): Uint8Array {
  let key = keccak256(new TextEncoder().encode(`custos-dev:${seed}`))
  while (bytesToBigint(key) === 0n || bytesToBigint(key) >= CURVE_N) key = keccak256(key)
  return key
}
