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
  return {
    height: head.height,
    stateRoot,
    view: chain.state(),
    prove(key) {
      // the store proves against the head's root even while the next block is staged
      const proof: StateProof = chain.store.prove(key)
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
