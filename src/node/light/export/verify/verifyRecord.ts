/**
 * Verifies one record of a bundle against the proven header at its height: its proof, then
 * its id and every field derived again from the proven bytes. Returns the failure code and
 * reason, or undefined when it verifies.
 */
import { ZodError } from 'zod'
import { verifyTx } from '../../../protocol/envelope'
import { fromHex } from '../../../protocol/hash'
import { verifyMerkleProof } from '../../../protocol/merkle'
import { verifyStateProof } from '../../../protocol/stateProof'
import {
  stateRecordSchema,
  transactionRecordSchema,
  zodReason,
  type StateRecordInput,
  type TransactionRecordInput,
} from '../bundle/parseBundle'
import { deriveStateRecord, deriveTransaction } from '../derive/deriveRecord'
import { DeriveError } from '../derive/deriveError'
import {
  checkFilter,
  compareDerived,
  provenHeader,
  RecordCheckFailed,
  type RecordContext,
} from './recordContext'
import type { FailureCode } from './report'

/** Where a verified transaction sits: for the same-block consistency check. */
export interface TxPlacement {
  height: string
  index: number
  txCount: number
}

export type RecordOutcome =
  { ok: true; placement?: TxPlacement } | { ok: false; code: FailureCode; reason: string }

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Runs a derivation; a proof of another kind of record, or bytes of no record, fail it. */
function deriving<T>(type: string, derive: () => T): T {
  try {
    return derive()
  } catch (error) {
    if (error instanceof DeriveError)
      throw new RecordCheckFailed('RECORD_EDITED', `a ${type} record, but ${error.message}`)
    throw new RecordCheckFailed(
      'BAD_PROOF',
      `the proven bytes are not a ${type} record: ${message(error)}`,
    )
  }
}

function verifyTransaction(record: TransactionRecordInput, context: RecordContext): TxPlacement {
  const header = provenHeader(context, record.height)
  const { proof } = record
  let verified
  try {
    verified = verifyTx(fromHex(proof.tx), {
      domain: context.domain,
      ...(context.recover ? { recover: context.recover } : {}),
    })
  } catch (error) {
    throw new RecordCheckFailed(
      'BAD_PROOF',
      `its transaction bytes are not a transaction signed by its sender: ${message(error)}`,
    )
  }
  const included = verifyMerkleProof(
    fromHex(header.txRoot),
    fromHex(verified.id),
    proof.index,
    proof.txCount,
    proof.path.map((p) => fromHex(p)),
  )
  if (!included)
    throw new RecordCheckFailed(
      'BAD_PROOF',
      `the Merkle proof does not place transaction ${verified.id} at index ${proof.index} of ` +
        `${proof.txCount} under the txRoot of block ${header.height}`,
    )
  const derived = deriving('transaction', () =>
    deriveTransaction({
      tx: verified.tx,
      id: verified.id,
      header,
      index: proof.index,
      txCount: proof.txCount,
    }),
  )
  compareDerived(record, derived, 'transaction')
  checkFilter(context, record.type, header)
  return { height: record.height.toString(), index: proof.index, txCount: proof.txCount }
}

async function verifyState(record: StateRecordInput, context: RecordContext): Promise<void> {
  const header = provenHeader(context, record.height)
  let value: Uint8Array | null
  try {
    value = await verifyStateProof(header.stateRoot, record.proof)
  } catch (error) {
    throw new RecordCheckFailed(
      'BAD_PROOF',
      `${message(error)} (against the stateRoot of block ${header.height})`,
    )
  }
  const derived = deriving(record.type, () =>
    deriveStateRecord(record.type, record.proof.key, value, header),
  )
  compareDerived(record, derived, 'state value')
  checkFilter(context, record.type, header)
}

export async function verifyRecord(raw: unknown, context: RecordContext): Promise<RecordOutcome> {
  try {
    const type = (raw as { type?: unknown } | null)?.type
    if (type === 'transaction') {
      const placement = verifyTransaction(transactionRecordSchema.parse(raw), context)
      return { ok: true, placement }
    }
    await verifyState(stateRecordSchema.parse(raw), context)
    return { ok: true }
  } catch (error) {
    if (error instanceof RecordCheckFailed)
      return { ok: false, code: error.code, reason: error.message }
    if (error instanceof ZodError)
      return { ok: false, code: 'MALFORMED', reason: `record: ${zodReason(error)}` }
    // input no check above foresaw (a value out of every protocol range): a failure, not a crash
    return {
      ok: false,
      code: 'MALFORMED',
      reason: `the record cannot be checked: ${message(error)}`,
    }
  }
}
