/**
 * Checking a state answer against a verified header: the proof must be there, be for the key
 * asked, be against the state root the header carries (not the one the node claims), and prove
 * the value (or the key's absence) in the trie.
 */
import type { Header } from '../protocol/block'
import { CustosError } from '../protocol/errors'
import { toHex } from '../protocol/hash'
import { verifyStateProof } from '../protocol/stateProof'
import { decodeStateValue } from '../protocol/stateValue'
import { lightErrors } from './errors'
import type { ProvenState, StateAnswer } from './types'

/** Throws `missing-proof` when the answer carries no proof. */
export function requireProof(
  source: string,
  answer: StateAnswer,
): NonNullable<StateAnswer['proof']> {
  if (!answer.proof) throw lightErrors.missingProof(source, answer.key)
  return answer.proof
}

/** Verifies `answer` against `header` (verified, at the answer's height). */
export async function verifyStateAnswer(
  source: string,
  answer: StateAnswer,
  header: Header,
): Promise<ProvenState> {
  const proof = requireProof(source, answer)
  const { key } = answer
  if (proof.key !== key)
    throw lightErrors.badProof(source, key, `the proof is for ${JSON.stringify(proof.key)}`)
  if (answer.stateRoot.toLowerCase() !== header.stateRoot)
    throw lightErrors.badProof(
      source,
      key,
      `it is against state root ${answer.stateRoot}, but block ${header.height} has ${header.stateRoot}`,
    )
  let raw: Uint8Array | null
  try {
    raw = await verifyStateProof(header.stateRoot, proof)
  } catch (error) {
    const what = error instanceof CustosError ? error.message : 'the trie nodes do not verify'
    throw lightErrors.badProof(source, key, what, error)
  }
  let value: unknown = null
  if (raw !== null) {
    try {
      value = decodeStateValue(raw)
    } catch (error) {
      throw lightErrors.badProof(source, key, 'the proven value is not a state value', error)
    }
  }
  return {
    key,
    height: header.height,
    stateRoot: header.stateRoot,
    value,
    raw: raw === null ? null : toHex(raw),
    header,
  }
}
