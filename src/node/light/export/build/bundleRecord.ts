/**
 * A stored record in its bundle form: id and fields derived from the bytes its proof proves
 * (exactly as the verifier will derive them), next to that proof.
 */
import type { Header } from '../../../protocol/block'
import { decodeTx } from '../../../protocol/envelope'
import { fromHex, toHex } from '../../../protocol/hash'
import type { Hex } from '../../../protocol/messages'
import type {
  GovProposalRecord,
  HoldingRecord,
  PolicyVersionRecord,
  ProposalRecord,
  TransactionRecord,
} from '../../records/types'
import type { BundleRecordJson, StateRecordJson, TransactionRecordJson } from '../bundle/format'
import { deriveStateRecord, deriveTransaction } from '../derive/deriveRecord'
import { BadRecord } from '../errors'

/** The stored record types a bundle's `records` hold. */
export type ChainRecord =
  TransactionRecord | ProposalRecord | GovProposalRecord | PolicyVersionRecord | HoldingRecord

/** The bundle's one spelling of hex (the store may keep either case). */
const lower = (hex: Hex): Hex => hex.toLowerCase() as Hex

function transactionJson(record: TransactionRecord, header: Header): TransactionRecordJson {
  let tx
  try {
    tx = decodeTx(record.bytes)
  } catch (cause) {
    throw new BadRecord(`transaction ${record.id}`, 'its stored bytes do not decode', cause)
  }
  const derived = deriveTransaction({
    tx,
    id: lower(record.id),
    header,
    index: record.index,
    txCount: record.txCount,
  })
  return {
    type: 'transaction',
    id: derived.id,
    height: record.height.toString(),
    fields: derived.fields,
    proof: {
      tx: toHex(record.bytes),
      index: record.index,
      txCount: record.txCount,
      path: record.proof.map(lower),
    },
  }
}

function stateJson(
  record: Exclude<ChainRecord, TransactionRecord>,
  header: Header,
): StateRecordJson {
  const { proof } = record
  let derived
  try {
    derived = deriveStateRecord(
      record.type,
      proof.key,
      proof.value === null ? null : fromHex(proof.value),
      header,
    )
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new BadRecord(`${record.type} ${proof.key} at ${record.height}`, reason, cause)
  }
  return {
    type: record.type,
    id: derived.id,
    height: record.height.toString(),
    fields: derived.fields,
    proof: {
      key: proof.key,
      value: proof.value === null ? null : lower(proof.value),
      nodes: proof.nodes.map(lower),
    },
  }
}

/** `header` must be the recorded header at the record's height. */
export function bundleRecord(record: ChainRecord, header: Header): BundleRecordJson {
  return record.type === 'transaction' ? transactionJson(record, header) : stateJson(record, header)
}
