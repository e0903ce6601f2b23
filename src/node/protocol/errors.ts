/**
 * Typed errors of the Tier-2 protocol and state machine.
 *
 * Every error has a stable string `code` (part of the protocol: RPC clients and the app
 * switch on it), a short message for people, optional `details` for logs and a `cause`.
 * Codes never change meaning once released; new situations get new codes.
 */
import { CodedError, type CodedErrorOptions } from '../../shared/codedError'

export type CustosErrorCode =
  /** A transaction or object could not be decoded (bad RLP, wrong shape, unknown kind). */
  | 'MALFORMED'
  /** The encoding decodes but is not the single canonical encoding of its value. */
  | 'NON_CANONICAL'
  /** A string, list or whole transaction is larger than the protocol allows. */
  | 'FIELD_TOO_LARGE'
  /** A value is outside its type's range (negative, overflowing, unknown enum member). */
  | 'INVALID_VALUE'
  /** The signature is malformed, malleable (high s) or does not recover a signer. */
  | 'BAD_SIGNATURE'
  /** The recovered signer is not the expected signer. */
  | 'WRONG_SIGNER'
  /** The transaction was signed for another chain (EIP-712 domain mismatch). */
  | 'WRONG_CHAIN'
  /** The transaction's nonce is not the signer's next nonce. */
  | 'NONCE_MISMATCH'
  /** The transaction's `validUntil` is before the block time. */
  | 'TX_EXPIRED'
  /** The signer lacks the role or agent right the action needs. */
  | 'UNAUTHORIZED'
  /** A referenced token does not exist. */
  | 'UNKNOWN_ASSET'
  /** A referenced participant, instruction or record does not exist. */
  | 'NOT_FOUND'
  /** The object to create exists already (token symbol, instruction). */
  | 'ALREADY_EXISTS'
  /** The sender's free (unfrozen) balance is below the amount. */
  | 'INSUFFICIENT_BALANCE'
  /** A token compliance rule refuses the transfer; `rule` names it. */
  | 'COMPLIANCE_REJECTED'
  /** The object is not in a state that allows the action (e.g. affirming a settled instruction). */
  | 'INVALID_STATUS'
  /** The genesis document is invalid. */
  | 'INVALID_GENESIS'
  /** A block, header or commit fails validation. */
  | 'INVALID_BLOCK'
  /** A Merkle proof does not prove the claimed value against the root. */
  | 'BAD_PROOF'
  /** The store is not in the state the caller expects (missing head, corrupted record). */
  | 'STORE_CORRUPT'
  /** The transaction pool is full (by count or bytes); try again later. */
  | 'POOL_FULL'
  /** An account's policy blocks or denies the action; the message says which rule and why. */
  | 'POLICY_DENIED'
  /** Governance decided a software upgrade: this software makes no block from its halt height. */
  | 'NETWORK_HALTED'
  /** A validator's signer refuses to sign what would contradict what it signed before. */
  | 'DOUBLE_SIGN_REFUSED'

export type CustosErrorOptions = CodedErrorOptions

/** Base class of every error the protocol, state machine and node raise on purpose. */
export class CustosError extends CodedError<CustosErrorCode> {}

export class MalformedError extends CustosError {
  constructor(message: string, options?: CustosErrorOptions) {
    super('MALFORMED', message, options)
  }
}

export class NonCanonicalEncoding extends CustosError {
  constructor(message: string, options?: CustosErrorOptions) {
    super('NON_CANONICAL', message, options)
  }
}

export class FieldTooLarge extends CustosError {
  constructor(field: string, size: number, limit: number) {
    super('FIELD_TOO_LARGE', `${field} is ${size} long; the limit is ${limit}`, {
      details: { field, size, limit },
    })
  }
}

export class InvalidValue extends CustosError {
  constructor(field: string, reason: string, options?: CustosErrorOptions) {
    super('INVALID_VALUE', `${field}: ${reason}`, {
      ...options,
      details: { field, ...options?.details },
    })
  }
}

export class BadSignature extends CustosError {
  constructor(reason: string, options?: CustosErrorOptions) {
    super('BAD_SIGNATURE', `Bad signature: ${reason}`, options)
  }
}

export class WrongSigner extends CustosError {
  constructor(expected: string, actual: string) {
    super('WRONG_SIGNER', `Signed by ${actual}, expected ${expected}`, {
      details: { expected, actual },
    })
  }
}

export class WrongChain extends CustosError {
  constructor(expected: bigint, actual: bigint) {
    super('WRONG_CHAIN', `Transaction is for chain ${actual}; this network is chain ${expected}`, {
      details: { expected: expected.toString(), actual: actual.toString() },
    })
  }
}

export class NonceMismatch extends CustosError {
  constructor(signer: string, expected: bigint, actual: bigint) {
    super(
      'NONCE_MISMATCH',
      `Nonce ${actual} for ${signer} is not the next nonce (${expected}); ` +
        (actual < expected ? 'it was already used' : 'earlier transactions are missing'),
      { details: { signer, expected: expected.toString(), actual: actual.toString() } },
    )
  }
}

export class TxExpired extends CustosError {
  constructor(validUntil: bigint, time: bigint) {
    super(
      'TX_EXPIRED',
      `Transaction was valid until ${validUntil}; block time is ${time}. Sign it again with a later validUntil`,
      { details: { validUntil: validUntil.toString(), time: time.toString() } },
    )
  }
}

export class Unauthorized extends CustosError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('UNAUTHORIZED', message, details === undefined ? undefined : { details })
  }
}

export class UnknownAsset extends CustosError {
  constructor(symbol: string) {
    super('UNKNOWN_ASSET', `No token with symbol ${JSON.stringify(symbol)} exists`, {
      details: { symbol },
    })
  }
}

export class NotFound extends CustosError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} not found`, { details: { what, id } })
  }
}

export class AlreadyExists extends CustosError {
  constructor(what: string, id: string) {
    super('ALREADY_EXISTS', `${what} ${id} already exists`, { details: { what, id } })
  }
}

export class InsufficientBalance extends CustosError {
  constructor(symbol: string, holder: string, available: bigint, needed: bigint) {
    super(
      'INSUFFICIENT_BALANCE',
      `${holder} has ${available} ${symbol} available (unfrozen); ${needed} needed`,
      {
        details: { symbol, holder, available: available.toString(), needed: needed.toString() },
      },
    )
  }
}

/** Names of the compliance rules a token can enforce; a rejection names one of them. */
export type ComplianceRule =
  | 'paused'
  | 'frozen-address'
  | 'frozen-amount'
  | 'kyc'
  | 'jurisdiction-allow'
  | 'jurisdiction-deny'
  | 'accreditation'
  | 'max-holders'
  | 'max-balance'
  | 'lockup'
  | 'transfer-limit'

export class ComplianceRejected extends CustosError {
  readonly rule: ComplianceRule

  constructor(rule: ComplianceRule, symbol: string, reason: string) {
    super('COMPLIANCE_REJECTED', `${symbol} rule '${rule}' refuses: ${reason}`, {
      details: { rule, symbol },
    })
    this.rule = rule
  }
}

export class InvalidStatus extends CustosError {
  constructor(what: string, id: string, status: string, action: string) {
    super('INVALID_STATUS', `${what} ${id} is ${status}; cannot ${action}`, {
      details: { what, id, status, action },
    })
  }
}

export class InvalidGenesis extends CustosError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('INVALID_GENESIS', `Invalid genesis: ${message}`, details ? { details } : undefined)
  }
}

export class InvalidBlock extends CustosError {
  constructor(message: string, options?: CustosErrorOptions) {
    super('INVALID_BLOCK', message, options)
  }
}

export class BadProof extends CustosError {
  constructor(message: string, options?: CustosErrorOptions) {
    super('BAD_PROOF', message, options)
  }
}

export class StoreCorrupt extends CustosError {
  constructor(message: string, options?: CustosErrorOptions) {
    super('STORE_CORRUPT', message, options)
  }
}

export class PoolFull extends CustosError {
  constructor(limit: 'count' | 'bytes', max: number) {
    super(
      'POOL_FULL',
      `The transaction pool is full (${max} ${limit === 'count' ? 'transactions' : 'bytes'}); try again after the next block`,
      { details: { limit, max } },
    )
  }
}

export class PolicyDenied extends CustosError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('POLICY_DENIED', message, details === undefined ? undefined : { details })
  }
}

/**
 * A block at or above the halt height of a software upgrade decided by governance: this
 * software must not make, accept or store it.
 */
export class NetworkHalted extends CustosError {
  readonly upgrade: string
  readonly haltHeight: bigint

  constructor(upgrade: string, haltHeight: bigint, height: bigint) {
    super(
      'NETWORK_HALTED',
      `The network halted at height ${haltHeight} for upgrade '${upgrade}'; ` +
        `run the upgraded software (block ${height} refused)`,
      { details: { upgrade, haltHeight: haltHeight.toString(), height: height.toString() } },
    )
    this.upgrade = upgrade
    this.haltHeight = haltHeight
  }
}

export function isCustosError(value: unknown): value is CustosError {
  return value instanceof CustosError
}
