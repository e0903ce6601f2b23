/**
 * secp256k1 public-key recovery through libsecp256k1 (the `secp256k1` package's native
 * binding), with the same contract as the protocol's pure `nobleRecoverAddress`: the caller has
 * already checked the signature's shape and low-s (protocol `parseSignature`).
 */
import secp256k1 from 'secp256k1'
import { BadSignature } from '../protocol/errors'
import { publicKeyToAddress, type RecoverAddress } from '../protocol/signature'

export const nativeRecoverAddress: RecoverAddress = (digest, signature) => {
  const v = signature[64] ?? 0
  try {
    const publicKey = secp256k1.ecdsaRecover(signature.subarray(0, 64), v - 27, digest, false)
    return publicKeyToAddress(publicKey)
  } catch (cause) {
    throw new BadSignature('no public key recovers from it', { cause })
  }
}

/** True when the native binding loaded (the package falls back to pure JS otherwise). */
export function nativeSecp256k1Available(): boolean {
  return !String(secp256k1.ecdsaRecover).includes('elliptic')
}
