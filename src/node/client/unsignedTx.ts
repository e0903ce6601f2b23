/**
 * An unsigned transaction ready for a signer: its kind, canonical message, typed data and id.
 * Builders (`createAccountTx`, `castVoteTx`, …) return one; `attachSignature` turns it and the
 * signer's 65-byte signature into the signed transaction the node takes (`custos_submitTx`).
 */
import type { CustosDomain } from '../protocol/eip712'
import { canonicalMessage, encodeTx, txDigest, verifyTx } from '../protocol/envelope'
import { toHex } from '../protocol/hash'
import type { Address, Hex, SignedTx, TxMessages, UnsignedTx } from '../protocol/messages'
import type { TxKind } from '../protocol/txTypes'
import { txTypedData, type TxTypedData } from './typedData'

/** Who signs, for which chain, with which replay protection. */
export interface TxContext {
  domain: CustosDomain
  /** The signer: the signature must recover this address. */
  from: Address
  /** The signer's next nonce (`custos_getNonce`). */
  nonce: bigint
  /** Unix seconds after which no block may include the transaction. */
  validUntil: bigint
}

export interface UnsignedTxRequest<K extends TxKind = TxKind> {
  kind: K
  /** Canonical: validated, addresses and hex lowercased. */
  message: TxMessages[K]
  typedData: TxTypedData<K>
  /** The transaction id: the EIP-712 digest the signer signs. */
  id: Hex
}

/** The message of `kind` without the replay fields, which come from the context. */
export type TxFields<K extends TxKind> = Omit<TxMessages[K], 'from' | 'nonce' | 'validUntil'>

/**
 * Validates and canonicalises a message, and returns what a signer needs. Throws the
 * protocol's typed errors (`InvalidValue`, `FieldTooLarge`) naming the offending field.
 */
export function buildTx<K extends TxKind>(
  ctx: TxContext,
  kind: K,
  fields: TxFields<K>,
): UnsignedTxRequest<K> {
  const message = canonicalMessage(kind, {
    ...fields,
    from: ctx.from,
    nonce: ctx.nonce,
    validUntil: ctx.validUntil,
  } as TxMessages[K])
  return {
    kind,
    message,
    typedData: txTypedData(ctx.domain, kind, message),
    id: txDigest(ctx.domain, { kind, message } as UnsignedTx),
  }
}

/**
 * The signed transaction: `request` plus a 65-byte signature (r ‖ s ‖ v) over its typed data.
 * Checks that the signature recovers `message.from` (throws `WrongSigner` or `BadSignature`),
 * so a wrong key or a device on another account is caught before the node sees it.
 */
export function attachSignature(request: UnsignedTxRequest, signature: Hex): SignedTx {
  const tx = {
    kind: request.kind,
    chainId: request.typedData.domain.chainId,
    message: request.message,
    signature,
  } as SignedTx
  verifyTx(tx, { domain: request.typedData.domain })
  return tx
}

/** The bytes `custos_submitTx` takes, as 0x-hex. */
export function signedTxHex(tx: SignedTx): Hex {
  return toHex(encodeTx(tx))
}
