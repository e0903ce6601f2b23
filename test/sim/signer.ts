/**
 * Validator keys and signing for the simulation, through libsecp256k1 (the native `secp256k1`
 * package) because the simulation signs and verifies hundreds of thousands of messages.
 * libsecp256k1 signs with RFC 6979 nonces and normalizes s to the lower half, so signatures are
 * deterministic and pass the protocol's low-s check.
 */
import secp256k1 from 'secp256k1'
import { voteDigest, type Vote } from '../../src/node/protocol/block'
import { proposalDigest, type Proposal } from '../../src/node/protocol/consensusMessages'
import type { CustosDomain } from '../../src/node/protocol/eip712'
import { fromHex, keccak256, toHex } from '../../src/node/protocol/hash'
import type { Address, Hex } from '../../src/node/protocol/messages'
import { addressOfPrivateKey, devPrivateKey } from '../../src/node/protocol/signature'

export interface SimKey {
  privateKey: Uint8Array
  address: Address
}

const keys = new Map<number, SimKey>()

/** The key of simulated validator `index` (devPrivateKey('sim-validator-<index>')). */
export function simKey(index: number): SimKey {
  let key = keys.get(index)
  if (key === undefined) {
    const privateKey = devPrivateKey(`sim-validator-${index}`)
    key = { privateKey, address: addressOfPrivateKey(privateKey) }
    keys.set(index, key)
  }
  return key
}

/** A 65-byte r ‖ s ‖ v signature (v = 27 + recovery id) of a 32-byte digest. */
export function signDigestNative(digest: Hex, privateKey: Uint8Array): Hex {
  const { signature, recid } = secp256k1.ecdsaSign(fromHex(digest), privateKey)
  const out = new Uint8Array(65)
  out.set(signature)
  out[64] = 27 + recid
  return toHex(out)
}

export function signVoteNative(domain: CustosDomain, vote: Vote, privateKey: Uint8Array): Hex {
  return signDigestNative(voteDigest(domain, vote), privateKey)
}

export function signProposalNative(
  domain: CustosDomain,
  proposal: Proposal,
  privateKey: Uint8Array,
): Hex {
  return signDigestNative(proposalDigest(domain, proposal), privateKey)
}

export function blockHashOf(block: Uint8Array): Hex {
  return toHex(keccak256(block))
}
