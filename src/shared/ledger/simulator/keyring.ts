/**
 * The device's secrets: the BIP-39 seed, keys derived along BIP-32 paths, and signing.
 *
 * Signatures are ECDSA over secp256k1 with RFC 6979 deterministic nonces and low s, as the
 * Ethereum app makes them (`CX_RND_RFC6979`), so they equal viem's byte for byte. `v` is
 * 27 + the recovery parity, as the app returns it for personal and EIP-712 messages.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { addressBytes } from './address'
import { formatPath } from './bip32Path'
import { SimulatorError } from './errors'

/** The key material of one derivation path. */
export interface DerivedKey {
  privateKey: Uint8Array
  /** Uncompressed: 0x04 ‖ x ‖ y. */
  publicKey: Uint8Array
  chainCode: Uint8Array
  address: Uint8Array
}

export class Keyring {
  private readonly root: HDKey
  private readonly cache = new Map<string, DerivedKey>()

  constructor(mnemonic: string) {
    if (!validateMnemonic(mnemonic, wordlist)) {
      throw new SimulatorError('INVALID_MNEMONIC', 'the mnemonic is not a valid BIP-39 mnemonic')
    }
    this.root = HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic))
  }

  derive(path: readonly number[]): DerivedKey {
    const key = formatPath(path)
    const cached = this.cache.get(key)
    if (cached) return cached
    const node = path.reduce((parent, index) => parent.deriveChild(index), this.root)
    const { privateKey, chainCode } = node
    if (!privateKey || !chainCode) {
      throw new SimulatorError('INVALID_PATH', `no private key at ${key}`, {
        details: { path: key },
      })
    }
    const publicKey = secp256k1.getPublicKey(privateKey, false)
    const derived = { privateKey, publicKey, chainCode, address: addressBytes(publicKey) }
    this.cache.set(key, derived)
    return derived
  }

  /** Signs a 32-byte digest; returns v ‖ r ‖ s (65 bytes) with v = 27 + recovery parity. */
  sign(path: readonly number[], digest: Uint8Array): Uint8Array {
    const recovered = secp256k1.sign(digest, this.derive(path).privateKey, {
      prehash: false,
      lowS: true,
      format: 'recovered',
    })
    // noble's 'recovered' format is recovery ‖ r ‖ s.
    const out = new Uint8Array(65)
    out.set(recovered)
    out[0] = 27 + (recovered[0] ?? 0)
    return out
  }
}
