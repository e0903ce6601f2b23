/**
 * Reads of the head state with Merkle proofs against the head's state root. A handler opens
 * one snapshot and makes all its reads from it (handlers are synchronous, so the head cannot
 * move in between).
 */
import type { Chain } from '../chain/Chain'
import type { Hex } from '../protocol/messages'
import type { StateProof } from '../protocol/stateProof'
import { decodeStateValue } from '../protocol/stateValue'
import { fromHex } from '../protocol/hash'
import type { StateView } from '../state/view'
import { RpcError, RpcErrorCode } from './errors'
import { toJson, type JsonValue } from './json'

/** A state value and the proof of it (or of its absence) under `stateRoot` at `height`. */
export interface ProvenValue {
  height: string
  stateRoot: Hex
  key: string
  /** The decoded value (bigints as decimal strings), or null when the key is absent. */
  value: JsonValue
  proof: StateProof
}

export interface Snapshot {
  height: bigint
  stateRoot: Hex
  view: StateView
  prove(key: string): ProvenValue
}

export function openSnapshot(chain: Chain): Snapshot {
  const head = chain.head()
  const stateRoot = head.header.stateRoot
  // between proposing a block and committing it the store's trie holds the staged state
  if (chain.store.stateRoot() !== stateRoot) throw staging()
  return {
    height: head.height,
    stateRoot,
    view: chain.state(),
    prove(key) {
      let proof: StateProof
      try {
        proof = chain.store.prove(key)
      } catch (error) {
        // a staged block with an unchanged root: the store refuses proofs until it commits
        if (error instanceof Error && /staged/.test(error.message)) throw staging()
        throw error
      }
      return {
        height: head.height.toString(),
        stateRoot,
        key,
        value: proof.value === null ? null : toJson(decodeStateValue(fromHex(proof.value))),
        proof,
      }
    },
  }
}

function staging(): RpcError {
  return new RpcError(
    RpcErrorCode.unavailable,
    'unavailable: a block is being committed; retry in a moment',
  )
}
