/**
 * The signed transaction envelope.
 *
 * Wire form (canonical RLP): [kind, chainId, message, signature] where `message` is the struct
 * encoding of codec.ts and `signature` is 65 bytes r ‖ s ‖ v over the EIP-712 digest of
 * (domain of chainId, kind, message). The transaction id is that digest; it is unique because
 * the message names its signer (`from`) and the signer's nonce. A signature that recovers
 * anyone but `from` is refused as `WrongSigner` rather than misattributed.
 */
import {
  asDecodeError,
  decodeRlpCanonical,
  decodeTyped,
  encodeRlp,
  encodeTyped,
  type RlpItem,
} from './codec'
import { typedDataDigest, type CustosDomain } from './eip712'
import { FieldTooLarge, MalformedError, WrongChain, WrongSigner } from './errors'
import { fromHex, toHex, utf8 } from './hash'
import type { Address, Hex, SignedTx, TxMessages, UnsignedTx } from './messages'
import {
  addressOfPrivateKey,
  nobleRecoverAddress,
  parseSignature,
  signDigest,
  type RecoverAddress,
} from './signature'
import { isTxKind, limits, type TxKind } from './txTypes'

export interface VerifiedTx {
  tx: SignedTx
  /** EIP-712 digest: the transaction id. */
  id: Hex
  signer: Address
  /** Canonical encoded bytes. */
  bytes: Uint8Array
}

/** Validates and encodes a signed transaction. */
export function encodeTx(tx: SignedTx): Uint8Array {
  const bytes = encodeRlp([
    utf8(tx.kind),
    encodeTyped('uint256', tx.chainId, 'chainId'),
    encodeTyped(tx.kind, tx.message, tx.kind),
    parseSignature(tx.signature),
  ])
  if (bytes.length > limits.maxTxBytes)
    throw new FieldTooLarge('transaction', bytes.length, limits.maxTxBytes)
  return bytes
}

/** Decodes a transaction, refusing malformed, oversized and non-canonical encodings. */
export function decodeTx(bytes: Uint8Array): SignedTx {
  if (bytes.length > limits.maxTxBytes)
    throw new FieldTooLarge('transaction', bytes.length, limits.maxTxBytes)
  try {
    const item = decodeRlpCanonical(bytes, 'transaction')
    if (item instanceof Uint8Array || item.length !== 4)
      throw new MalformedError(
        'transaction must be a list of 4 items: kind, chainId, message, signature',
      )
    const [kindItem, chainItem, messageItem, sigItem] = item as RlpItem[]
    if (!(kindItem instanceof Uint8Array))
      throw new MalformedError('transaction kind must be bytes')
    const kind = new TextDecoder().decode(kindItem)
    if (!isTxKind(kind))
      throw new MalformedError(`unknown transaction kind ${JSON.stringify(kind)}`)
    if (!(sigItem instanceof Uint8Array)) throw new MalformedError('signature must be bytes')
    return {
      kind,
      chainId: decodeTyped('uint256', chainItem as RlpItem, 'chainId') as bigint,
      message: decodeTyped(kind, messageItem as RlpItem, kind),
      signature: toHex(parseSignature(sigItem)),
    } as SignedTx
  } catch (error) {
    throw asDecodeError(error, 'transaction')
  }
}

/** The transaction id: the EIP-712 digest the signer signed. */
export function txDigest(domain: CustosDomain, tx: UnsignedTx): Hex {
  return typedDataDigest(domain, tx.kind, tx.message as unknown as Record<string, unknown>)
}

/** Returns the canonical form of a message (lowercase hex, validated), or throws a typed error. */
export function canonicalMessage<K extends TxKind>(kind: K, message: TxMessages[K]): TxMessages[K] {
  return decodeTyped(kind, encodeTyped(kind, message, kind) as RlpItem, kind) as TxMessages[K]
}

export interface SignTxParameters<K extends TxKind> {
  domain: CustosDomain
  kind: K
  /** The message; `from` defaults to the key's address. */
  message: Omit<TxMessages[K], 'from'> & { from?: Address }
  privateKey: Uint8Array
}

/** Signs a transaction with a raw key (devnets, tests, validators' tools). */
export function signTx<K extends TxKind>(params: SignTxParameters<K>): SignedTx {
  const message = canonicalMessage(params.kind, {
    from: addressOfPrivateKey(params.privateKey),
    ...params.message,
  } as TxMessages[K])
  const digest = txDigest(params.domain, { kind: params.kind, message } as UnsignedTx)
  return {
    kind: params.kind,
    chainId: params.domain.chainId,
    message,
    signature: signDigest(fromHex(digest), params.privateKey),
  } as SignedTx
}

export interface VerifyTxParameters {
  domain: CustosDomain
  recover?: RecoverAddress
}

/**
 * Decodes (if bytes) and authenticates a transaction for a chain: checks the chain id, the
 * signature and that it recovers the declared signer.
 */
export function verifyTx(input: Uint8Array | SignedTx, params: VerifyTxParameters): VerifiedTx {
  const bytes = input instanceof Uint8Array ? input : encodeTx(input)
  const tx = decodeTx(bytes)
  if (tx.chainId !== params.domain.chainId) throw new WrongChain(params.domain.chainId, tx.chainId)
  const id = txDigest(params.domain, tx)
  const signature = parseSignature(tx.signature)
  const signer = (params.recover ?? nobleRecoverAddress)(
    fromHex(id),
    signature,
  ).toLowerCase() as Address
  if (signer !== tx.message.from) throw new WrongSigner(tx.message.from, signer)
  return { tx, id, signer, bytes }
}
