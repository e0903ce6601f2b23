/**
 * Verification of state proofs: a list of trie nodes from the state root to a key's leaf
 * (EIP-1186 style) in a secure Merkle Patricia trie (keys hashed with keccak256), as produced by
 * the store. Pure and isomorphic: the light node and the app verify answers with it.
 */
import { verifyMerkleProof } from '@ethereumjs/mpt'
import { BadProof } from './errors'
import { bytesEqual, fromHex, keccak256, toHex, utf8 } from './hash'
import type { Hex } from './messages'

export interface StateProof {
  /** State key, as the state machine names it (e.g. `bal/ACME/0x…`). */
  key: string
  /** Value bytes, or null when the proof shows the key is absent. */
  value: Hex | null
  /** RLP trie nodes from the root down. */
  nodes: Hex[]
}

/**
 * Checks that `proof` proves `proof.value` for `proof.key` under `stateRoot`.
 * Throws `BadProof` naming what is wrong; returns the proven value bytes (or null).
 */
export async function verifyStateProof(
  stateRoot: Hex,
  proof: StateProof,
): Promise<Uint8Array | null> {
  const nodes = proof.nodes.map((n) => fromHex(n))
  const first = nodes[0]
  if (!first) throw new BadProof(`proof for ${proof.key} has no nodes`)
  if (toHex(keccak256(first)) !== stateRoot.toLowerCase())
    throw new BadProof(`proof for ${proof.key} does not start at state root ${stateRoot}`)
  let proven: Uint8Array | null
  try {
    proven = await verifyMerkleProof(utf8(proof.key), nodes, { useKeyHashing: true })
  } catch (cause) {
    throw new BadProof(`proof for ${proof.key} is invalid`, { cause })
  }
  const claimed = proof.value === null ? null : fromHex(proof.value)
  if (proven === null || claimed === null) {
    if (proven !== claimed)
      throw new BadProof(`proof for ${proof.key} does not prove the claimed value`)
    return null
  }
  if (!bytesEqual(proven, claimed))
    throw new BadProof(`proof for ${proof.key} proves a different value`)
  return proven
}
