/**
 * What the records database indexes about a transaction, read from its signed envelope: its
 * kind, its declared signer and the proposal it concerns.
 */
import { decodeTx } from '../../protocol/envelope'
import type { Address, Hex, SignedTx } from '../../protocol/messages'
import type { TxKind } from '../../protocol/txTypes'
import { RecordRejected } from './errors'

export interface TxFacts {
  kind: TxKind
  from: Address
  proposalId: Hex | null
}

/** Kinds whose own id is the id of the proposal they create. */
const CREATES_PROPOSAL: ReadonlySet<TxKind> = new Set<TxKind>([
  'ProposeAction',
  'ProposePolicyChange',
  'SubmitGovProposal',
])

function proposalOf(tx: SignedTx, id: Hex): Hex | null {
  if (CREATES_PROPOSAL.has(tx.kind)) return id
  const message: object = tx.message
  if ('proposalId' in message && typeof message.proposalId === 'string')
    return message.proposalId.toLowerCase() as Hex
  return null
}

/** Decodes the envelope; throws `RecordRejected` if it is not a canonical transaction. */
export function txFacts(bytes: Uint8Array, id: Hex): TxFacts {
  let tx: SignedTx
  try {
    tx = decodeTx(bytes)
  } catch (cause) {
    throw new RecordRejected(`transaction ${id} does not decode`, { id }, cause)
  }
  return { kind: tx.kind, from: tx.message.from, proposalId: proposalOf(tx, id) }
}

/** The proposal a stored transaction concerns (migration backfill). */
export function proposalIdOf(bytes: Uint8Array, id: Hex): Hex | null {
  return txFacts(bytes, id).proposalId
}
