/**
 * Ethereum addresses from public keys, with the EIP-55 mixed-case checksum the Ethereum app
 * displays and returns.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

export type EthAddress = `0x${string}`

/** The address of an uncompressed (65-byte) secp256k1 public key: last 20 bytes of its keccak. */
export function addressBytes(uncompressedPublicKey: Uint8Array): Uint8Array {
  return keccak_256(uncompressedPublicKey.subarray(1)).subarray(12)
}

/**
 * EIP-55: "for each hex digit of the lowercase address, uppercase it if the corresponding
 * nibble of keccak256(lowercase address as ASCII) is 8 or more".
 */
export function checksumAddress(address: Uint8Array): EthAddress {
  const lower = bytesToHex(address)
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)))
  let out = ''
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charAt(i)
    out += parseInt(hash.charAt(i), 16) >= 8 ? c.toUpperCase() : c
  }
  return `0x${out}`
}
