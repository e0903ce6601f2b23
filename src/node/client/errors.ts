/**
 * Errors of the client SDK. Bad inputs to a builder are the protocol's own `InvalidValue`
 * (code `INVALID_VALUE`, naming the field), so the app and the CLI switch on one code whether
 * the builder or the node refused a value. What only a client meets — an unreachable node, an
 * RPC error, a transaction that does not make it into a block — is a `ClientError`, with a
 * stable `code`, a message for people and `details` for programs.
 */

export type ClientErrorCode =
  /** The node did not answer (connection refused, timeout, not JSON). */
  | 'NODE_UNREACHABLE'
  /** The node answered with a JSON-RPC error; `details` has its `code`, `message` and `data`. */
  | 'RPC_ERROR'
  /** The chain refused the transaction (at submission, on a dry run or when building a block). */
  | 'TX_REFUSED'
  /** The transaction was not committed within the wait; it may still be. */
  | 'TX_TIMEOUT'
  /** An answer of the node does not have the shape this client expects. */
  | 'BAD_ANSWER'

export class ClientError extends Error {
  readonly code: ClientErrorCode
  readonly details: Record<string, unknown>

  constructor(
    code: ClientErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.details = options.details ?? {}
  }
}

export class NodeUnreachable extends ClientError {
  constructor(url: string, reason: string, cause?: unknown) {
    super('NODE_UNREACHABLE', `cannot reach ${url}: ${reason}`, { details: { url }, cause })
  }
}

/** A JSON-RPC error answer (docs/rpc.md, "Errors"). */
export class RpcCallFailed extends ClientError {
  /** The JSON-RPC error code, e.g. -32003 (not authorized). */
  readonly rpcCode: number
  readonly data: Record<string, unknown> | undefined

  constructor(method: string, rpcCode: number, message: string, data?: Record<string, unknown>) {
    super('RPC_ERROR', `${method}: ${message}`, {
      details: { method, rpcCode, ...(data === undefined ? {} : { data }) },
    })
    this.rpcCode = rpcCode
    this.data = data
  }

  /** The chain's error code (`NONCE_MISMATCH`, `POLICY_DENIED`, …) of a -32010 answer. */
  get chainCode(): string | undefined {
    const code = this.data?.['code']
    return typeof code === 'string' ? code : undefined
  }
}

/** The chain refused a transaction; `chainCode` is the protocol's error code. */
export class TxRefused extends ClientError {
  readonly chainCode: string

  constructor(id: string, chainCode: string, reason: string, details?: Record<string, unknown>) {
    super('TX_REFUSED', `transaction ${id} was refused: ${reason}`, {
      details: { id, chainCode, ...(details === undefined ? {} : { chain: details }) },
    })
    this.chainCode = chainCode
  }
}

export class TxTimeout extends ClientError {
  constructor(id: string, waitedMs: number, lastStatus: string) {
    super(
      'TX_TIMEOUT',
      `transaction ${id} was not committed within ${Math.round(waitedMs / 1000)} s ` +
        `(last status: ${lastStatus}); it may still be: check it later with custos_getTx`,
      { details: { id, waitedMs, lastStatus } },
    )
  }
}

export class BadAnswer extends ClientError {
  constructor(method: string, reason: string) {
    super('BAD_ANSWER', `${method} answered unexpectedly: ${reason}`, { details: { method } })
  }
}
