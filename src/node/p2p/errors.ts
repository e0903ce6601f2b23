/**
 * Typed errors of the validator transport.
 *
 * Same shape as the protocol's `CustosError` (a stable string `code`, a short message for
 * people, `details` for logs, a `cause`), with codes of its own: transport failures are not
 * protocol verdicts and never reach RPC clients as such.
 */
import { CodedError, type CodedErrorOptions } from '../../shared/codedError'

export type P2PErrorCode =
  /** The options passed to `createP2PNode` are inconsistent (bad address, peer not allowed). */
  | 'INVALID_OPTIONS'
  /** A node key is not a valid 32-byte secp256k1 private key. */
  | 'INVALID_NODE_KEY'
  /** A string is not a valid libp2p peer id. */
  | 'INVALID_PEER_ID'
  /** The peer is not in this node's allowlist; nothing is sent to or requested from it. */
  | 'PEER_NOT_ALLOWED'
  /** The peer is allowed but not connected, and no address is configured to dial it. */
  | 'PEER_NOT_CONNECTED'
  /** The node could not start: its listen address is taken or unavailable. */
  | 'START_FAILED'
  /** The node is not started (or already stopped). */
  | 'NOT_STARTED'
  /** A frame is larger than the channel allows; it was not sent. */
  | 'FRAME_TOO_LARGE'
  /** The peer's send queue is full (slow or stuck peer); the frame was dropped. */
  | 'PEER_BACKLOGGED'
  /** A block request is malformed (heights out of range or reversed). */
  | 'INVALID_REQUEST'
  /** The peer did not answer a block request in time. */
  | 'REQUEST_TIMEOUT'
  /** The peer answered a block request with a refusal (no handler, bad request, handler error). */
  | 'REQUEST_REFUSED'
  /** The peer's answer breaks the block-sync protocol (too many items, too many bytes, truncated). */
  | 'BAD_RESPONSE'
  /** The stream or connection failed underneath (reset, closed, dial failed). */
  | 'STREAM_FAILED'

export type P2PErrorOptions = CodedErrorOptions

/** Base class of every error the transport raises on purpose. */
export class P2PError extends CodedError<P2PErrorCode> {
  constructor(code: P2PErrorCode, message: string, options: P2PErrorOptions = {}) {
    super(code, message, options)
    this.name = 'P2PError'
  }
}

/** True when `error` is a `P2PError`, optionally with the given code. */
export function isP2PError(error: unknown, code?: P2PErrorCode): error is P2PError {
  return error instanceof P2PError && (code === undefined || error.code === code)
}
