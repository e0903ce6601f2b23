/**
 * Writing verified blocks and the institution's transactions. Each checks that the record is
 * consistent with itself and with the recorded header at its height, so that everything the
 * database holds can be re-verified offline; the caller (the light client) has verified the
 * commit's signatures already.
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import {
  decodeHeader,
  encodeCommit,
  encodeHeader,
  headerHash,
  validatorSetHash,
} from '../../protocol/block'
import { bytesEqual, fromHex, toHex } from '../../protocol/hash'
import { verifyMerkleProof } from '../../protocol/merkle'
import type { Address, Hex } from '../../protocol/messages'
import { encodeStateValue } from '../../protocol/stateValue'
import { RecordRejected } from './errors'
import { blockFromRow, transactionFromRow, type BlockRow, type TransactionRow } from './rows'
import { statement } from './statements'
import { txFacts } from './txFacts'
import type {
  BlockRecord,
  PutBlockParameters,
  PutTransactionParameters,
  TransactionRecord,
} from './types'

const HASH = /^0x[0-9a-fA-F]{64}$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** Runs a protocol encoder, reporting its typed error as a rejected record. */
function encoding<T>(what: string, encode: () => T): T {
  try {
    return encode()
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    throw new RecordRejected(`${what} does not encode: ${reason}`, { what }, cause)
  }
}

export function blockAt(db: Database.Database, height: bigint): BlockRecord | undefined {
  const row = statement(db, 'SELECT * FROM blocks WHERE height = ?').get(height) as
    BlockRow | undefined
  return row ? blockFromRow(row) : undefined
}

/** The recorded header at `height` (its time and roots), or a rejection naming what to do. */
export function requireHeader(
  db: Database.Database,
  height: bigint,
  what: string,
): { timeMs: number; txRoot: Hex; stateRoot: Hex } {
  const row = statement(db, 'SELECT time_ms, header FROM blocks WHERE height = ?').get(height) as
    { time_ms: number; header: Buffer } | undefined
  if (!row)
    throw new RecordRejected(
      `${what} is at height ${height}, whose header is not recorded; record the verified block first`,
      { height: height.toString() },
    )
  const header = decodeHeader(new Uint8Array(row.header))
  return { timeMs: row.time_ms, txRoot: header.txRoot, stateRoot: header.stateRoot }
}

/**
 * Records a verified block. Idempotent for the same header; a different header at a recorded
 * height is refused (the light client reports such conflicts as evidence instead).
 */
export function putBlock(db: Database.Database, params: PutBlockParameters): BlockRecord {
  const { header, commit, validators } = params
  const headerBytes = encoding(`header ${header.height}`, () => encodeHeader(header))
  const commitBytes = encoding(`commit ${commit.height}`, () => encodeCommit(commit))
  const hash = headerHash(header)
  if (commit.height !== header.height || commit.blockHash.toLowerCase() !== hash)
    throw new RecordRejected(
      `the commit (height ${commit.height}, block ${commit.blockHash}) is not for header ${header.height} (${hash})`,
      { height: header.height.toString(), hash },
    )
  const setHash = encoding('validator set', () => validatorSetHash(validators))
  if (setHash !== header.validatorsHash.toLowerCase())
    throw new RecordRejected(
      `the validator set hashes to ${setHash}; header ${header.height} names ${header.validatorsHash}`,
      { height: header.height.toString() },
    )
  const existing = statement(db, 'SELECT hash FROM blocks WHERE height = ?').get(header.height) as
    { hash: Buffer } | undefined
  if (existing) {
    if (!bytesEqual(new Uint8Array(existing.hash), fromHex(hash)))
      throw new RecordRejected(
        `height ${header.height} is recorded with block ${toHex(new Uint8Array(existing.hash))}, not ${hash}`,
        { height: header.height.toString(), recorded: toHex(new Uint8Array(existing.hash)), hash },
      )
  } else {
    statement(
      db,
      'INSERT INTO blocks (height, time_ms, hash, header, commit_rlp, validators) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      header.height,
      Number(header.timeMs),
      fromHex(hash),
      headerBytes,
      commitBytes,
      Buffer.from(encodeStateValue(validators)).toString('utf8'),
    )
  }
  const stored = blockAt(db, header.height)
  if (!stored) throw new RecordRejected(`block ${header.height} was not stored`)
  return stored
}

const TX_SELECT = `SELECT t.*, (SELECT json_group_array(account) FROM transaction_accounts a
  WHERE a.tx_id = t.id) AS accounts FROM transactions t`

export function transactionById(db: Database.Database, id: Hex): TransactionRecord | undefined {
  const row = statement(db, `${TX_SELECT} WHERE t.id = ?`).get(fromHex(id)) as
    TransactionRow | undefined
  return row ? transactionFromRow(row) : undefined
}

/** Transactions concerning a proposal (approvals, votes, …), in chain order. */
export function transactionsOfProposal(
  db: Database.Database,
  proposalId: Hex,
): TransactionRecord[] {
  const rows = statement(db, `${TX_SELECT} WHERE t.proposal_id = ? ORDER BY t.height, t.idx`).all(
    fromHex(proposalId),
  ) as TransactionRow[]
  return rows.map(transactionFromRow)
}

function checkIds(params: PutTransactionParameters): Uint8Array[] {
  if (!HASH.test(params.id))
    throw new RecordRejected(`transaction id ${params.id} is not 32 bytes of hex`)
  const { index, txCount } = params
  if (
    !Number.isSafeInteger(txCount) ||
    txCount < 1 ||
    !Number.isSafeInteger(index) ||
    index < 0 ||
    index >= txCount
  )
    throw new RecordRejected(`transaction index ${index} of ${txCount} is out of range`, {
      id: params.id,
    })
  for (const account of params.accounts)
    if (!ADDRESS.test(account))
      throw new RecordRejected(`${account} is not an address`, { id: params.id })
  return params.proof.map((sibling) => {
    const bytes =
      typeof sibling === 'string' ? (HASH.test(sibling) ? fromHex(sibling) : undefined) : sibling
    if (bytes?.length !== 32)
      throw new RecordRejected(
        `the inclusion proof of ${params.id} holds a sibling that is not 32 bytes`,
      )
    return bytes
  })
}

/**
 * Records a transaction with its inclusion proof, which must verify against the recorded
 * header's txRoot. Recording it again adds accounts to it and changes nothing else.
 */
export function putTransaction(
  db: Database.Database,
  params: PutTransactionParameters,
): TransactionRecord {
  const siblings = checkIds(params)
  const id = params.id.toLowerCase() as Hex
  const header = requireHeader(db, params.height, `transaction ${id}`)
  if (
    !verifyMerkleProof(fromHex(header.txRoot), fromHex(id), params.index, params.txCount, siblings)
  )
    throw new RecordRejected(
      `the inclusion proof of transaction ${id} (index ${params.index} of ${params.txCount}) does not verify against the txRoot of block ${params.height}`,
      { id, height: params.height.toString() },
    )
  const facts = txFacts(params.bytes, id)
  const proof = Buffer.concat(siblings)
  statement(
    db,
    `INSERT INTO transactions (id, height, time_ms, idx, tx_count, kind, sender, bytes, proof, proposal_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  ).run(
    fromHex(id),
    params.height,
    header.timeMs,
    params.index,
    params.txCount,
    facts.kind,
    facts.from,
    params.bytes,
    proof,
    facts.proposalId === null ? null : fromHex(facts.proposalId),
  )
  const addAccount = statement(
    db,
    'INSERT INTO transaction_accounts (account, tx_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  )
  for (const account of params.accounts)
    addAccount.run(account.toLowerCase() as Address, fromHex(id))
  const stored = transactionById(db, id)
  if (!stored) throw new RecordRejected(`transaction ${id} was not stored`)
  return stored
}
