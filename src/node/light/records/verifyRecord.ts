/**
 * Offline re-verification of stored records against their headers, for exports and auditors:
 * what the database checked on write (anchors), done in full. The header itself is trusted
 * because the light client verified its commit; `verifyCommit` re-checks that with the chain's
 * domain.
 */
import type { CustosDomain } from '../../protocol/eip712'
import { decodeTx, txDigest } from '../../protocol/envelope'
import type { Header } from '../../protocol/block'
import { BadProof } from '../../protocol/errors'
import { fromHex } from '../../protocol/hash'
import { verifyMerkleProof } from '../../protocol/merkle'
import { verifyStateProof } from '../../protocol/stateProof'
import type { StateProof } from '../../protocol/stateProof'
import type { TransactionRecord } from './types'

/** Whether the transaction's id is included in the header's txRoot at its index. */
export function verifyTxInclusion(record: TransactionRecord, header: Header): boolean {
  return (
    header.height === record.height &&
    verifyMerkleProof(
      fromHex(header.txRoot),
      fromHex(record.id),
      record.index,
      record.txCount,
      record.proof.map((p) => fromHex(p)),
    )
  )
}

/**
 * Whether the stored envelope is the transaction with this id on the chain of `domain`
 * (its EIP-712 digest). The store cannot check this on write: the digest needs the domain.
 */
export function verifyTxBytes(record: TransactionRecord, domain: CustosDomain): boolean {
  try {
    const tx = decodeTx(record.bytes)
    return tx.chainId === domain.chainId && txDigest(domain, tx) === record.id
  } catch {
    return false
  }
}

/**
 * Verifies a snapshot's state proof against the header at its height; throws `BadProof`
 * naming what is wrong, returns the proven value bytes (null: proven absent).
 */
export async function verifyStateRecord(
  record: { height: bigint; proof: StateProof },
  header: Header,
): Promise<Uint8Array | null> {
  if (header.height !== record.height)
    throw new BadProof(`the record is at height ${record.height}; the header is ${header.height}`)
  return verifyStateProof(header.stateRoot, record.proof)
}
