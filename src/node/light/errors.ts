/**
 * Errors of the light client. Each has a stable `reason` (the app switches on it) and a message
 * for people that says what happened and what to do; `details` are for logs. Nothing a node
 * answers is taken as fact when one of these is thrown.
 */

export type LightClientReason =
  /** A header does not match the commit that should sign it (a field was changed). */
  | 'forged-header'
  /** A commit is malformed, signed by a non-member, or carries a signature that does not verify. */
  | 'bad-commit'
  /** A commit carries no more than 2/3 of the power of the set that signs its block. */
  | 'insufficient-power'
  /**
   * Skipping verification only: no more than 1/3 of the trusted set signed the target. Bisection
   * handles it by verifying a header in between; it reaches callers of `verifySkipping` only.
   */
  | 'insufficient-trust'
  /** The validator set served is not the one the header names, or not the one announced before. */
  | 'wrong-validator-set'
  /** A signed header breaks a chain rule: it does not link, its time goes back or is in the future. */
  | 'invalid-header'
  /** The block belongs to another chain. */
  | 'wrong-chain'
  /** A state answer's Merkle proof does not prove the value against the verified state root. */
  | 'bad-proof'
  /** A state answer came without a proof. */
  | 'missing-proof'
  /** A node says a block exists but does not serve it. */
  | 'withheld-header'
  /** The node has no block at that height yet. */
  | 'height-unavailable'
  /** Two nodes serve different blocks for one height, both signed: evidence was produced. */
  | 'fork'
  /** The newest trusted header is older than the trusting period. */
  | 'trust-expired'
  /** The block the user trusts by hash is not the one the node serves at that height. */
  | 'root-mismatch'
  /** A node cannot be reached or does not answer. */
  | 'unreachable'
  /** A node refused the request (not authorized for private state, rate limited, …). */
  | 'refused'
  /** A node's answer is not a well-formed answer to the question asked. */
  | 'bad-response'
  /** The client stopped (after a fork, or `stop()`), and answers nothing more. */
  | 'stopped'

export interface LightClientErrorOptions {
  details?: Record<string, unknown>
  cause?: unknown
}

/** The light client's error: a stable `reason` and a message that says what to do. */
export class LightClientError extends Error {
  readonly reason: LightClientReason
  readonly details: Record<string, unknown>

  constructor(reason: LightClientReason, message: string, options: LightClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'LightClientError'
    this.reason = reason
    this.details = options.details ?? {}
  }

  toJSON(): { reason: LightClientReason; message: string; details: Record<string, unknown> } {
    return { reason: this.reason, message: this.message, details: this.details }
  }
}

/** What went wrong fetching from a provider; the client turns it into a `LightClientError`. */
export type ProviderFailure = 'unreachable' | 'timeout' | 'not-found' | 'refused' | 'bad-response'

/** A provider could not answer (transport level); it says nothing about the chain. */
export class ProviderError extends Error {
  readonly failure: ProviderFailure
  readonly provider: string

  constructor(provider: string, failure: ProviderFailure, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'ProviderError'
    this.provider = provider
    this.failure = failure
  }
}

const distrust = 'The light node does not believe it.'

/** Builders of the user-facing errors, one per situation, so messages stay consistent. */
export const lightErrors = {
  forgedHeader(source: string, height: bigint, what: string): LightClientError {
    return new LightClientError(
      'forged-header',
      `${source} served block ${height} with a header the validators did not sign (${what}). ` +
        `${distrust} The node is faulty or lying: use another node as the primary.`,
      { details: { source, height: height.toString() } },
    )
  },
  badCommit(source: string, height: bigint, what: string): LightClientError {
    return new LightClientError(
      'bad-commit',
      `${source} served block ${height} with an invalid commit: ${what}. ${distrust} ` +
        'Use another node as the primary.',
      { details: { source, height: height.toString() } },
    )
  },
  insufficientPower(
    source: string,
    height: bigint,
    signed: bigint,
    total: bigint,
  ): LightClientError {
    return new LightClientError(
      'insufficient-power',
      `${source} served block ${height} signed by ${signed} of ${total} voting power; more ` +
        `than 2/3 is needed for a block to be final. ${distrust} Use another node as the primary.`,
      { details: { source, height: height.toString(), signed: `${signed}`, total: `${total}` } },
    )
  },
  wrongValidatorSet(source: string, height: bigint, what: string): LightClientError {
    return new LightClientError(
      'wrong-validator-set',
      `${source} served block ${height} with the wrong validator set: ${what}. ${distrust} ` +
        'Use another node as the primary.',
      { details: { source, height: height.toString() } },
    )
  },
  invalidHeader(source: string, height: bigint, what: string): LightClientError {
    return new LightClientError(
      'invalid-header',
      `${source} served block ${height}, which ${what}. ${distrust} ` +
        'Use another node as the primary, and check this computer’s clock.',
      { details: { source, height: height.toString() } },
    )
  },
  wrongChain(source: string, got: bigint, expected: bigint): LightClientError {
    return new LightClientError(
      'wrong-chain',
      `${source} serves chain ${got}, not chain ${expected}. Point the light node at a node ` +
        'of the network you meant to follow.',
      { details: { source, got: got.toString(), expected: expected.toString() } },
    )
  },
  trustExpired(height: bigint, timeMs: bigint, trustingPeriodMs: bigint): LightClientError {
    const days = Number(trustingPeriodMs) / 86_400_000
    const period = `${days % 1 === 0 ? days : days.toFixed(2)} day${days === 1 ? '' : 's'}`
    return new LightClientError(
      'trust-expired',
      `The newest block this light node trusts (height ${height}, ` +
        `${new Date(Number(timeMs)).toISOString()}) is older than the trusting period of ` +
        `${period}; the validators of that time may no ` +
        'longer answer for it. Confirm a recent block hash with a source you trust (your ' +
        'validator operator, a Tier-1 checkpoint) and restart from it.',
      {
        details: {
          height: height.toString(),
          timeMs: timeMs.toString(),
          trustingPeriodMs: trustingPeriodMs.toString(),
        },
      },
    )
  },
  rootMismatch(source: string, height: bigint, got: string, expected: string): LightClientError {
    return new LightClientError(
      'root-mismatch',
      `${source} serves block ${height} with hash ${got}, not the hash ${expected} you trust. ` +
        'Check the hash with its source; if it is right, this node is on another chain: use ' +
        'another node as the primary.',
      { details: { source, height: height.toString(), got, expected } },
    )
  },
  withheld(source: string, height: bigint, head: bigint, cause?: unknown): LightClientError {
    return new LightClientError(
      'withheld-header',
      `${source} says its chain reaches height ${head} but did not serve block ${height}. ` +
        'Without it the light node cannot verify the chain. Use another node as the primary.',
      { details: { source, height: height.toString(), head: head.toString() }, cause },
    )
  },
  heightUnavailable(source: string, height: bigint, head: bigint): LightClientError {
    return new LightClientError(
      'height-unavailable',
      `${source} has no block at height ${height} yet; its head is ${head}. Try again later.`,
      { details: { source, height: height.toString(), head: head.toString() } },
    )
  },
  unreachable(source: string, what: string, cause?: unknown): LightClientError {
    return new LightClientError(
      'unreachable',
      `${source} could not be reached (${what}). Check the address and the network, or use ` +
        'another node as the primary.',
      { details: { source }, cause },
    )
  },
  refused(source: string, what: string, cause?: unknown): LightClientError {
    return new LightClientError(
      'refused',
      `${source} refused: ${what}. For private state, sign in as a reader the node allows.`,
      { details: { source }, cause },
    )
  },
  badResponse(source: string, what: string, cause?: unknown): LightClientError {
    return new LightClientError(
      'bad-response',
      `${source} sent an answer the light node cannot use: ${what}. ${distrust} ` +
        'Use another node as the primary.',
      { details: { source }, cause },
    )
  },
  missingProof(source: string, key: string): LightClientError {
    return new LightClientError(
      'missing-proof',
      `${source} answered ${key} without a Merkle proof, so the answer cannot be checked. ` +
        `${distrust} Use another node as the primary.`,
      { details: { source, key } },
    )
  },
  badProof(source: string, key: string, what: string, cause?: unknown): LightClientError {
    return new LightClientError(
      'bad-proof',
      `${source} answered ${key} with a proof that does not hold: ${what}. ${distrust} ` +
        'Use another node as the primary.',
      { details: { source, key }, cause },
    )
  },
  fork(report: {
    height: bigint
    primary: string
    witness: string
    submittedTo: string[]
  }): LightClientError {
    const sent =
      report.submittedTo.length > 0
        ? `Evidence was sent to ${report.submittedTo.join(', ')}.`
        : 'No node accepted the evidence yet.'
    return new LightClientError(
      'fork',
      `${report.primary} (primary) and ${report.witness} (witness) serve two different blocks ` +
        `at height ${report.height}, both signed by the validators: the network has forked or ` +
        `validators are attacking this light node. ${sent} The light node no longer trusts ` +
        `${report.primary} and has stopped. Tell your validator operators, then restart with ` +
        'another primary.',
      {
        details: {
          height: report.height.toString(),
          primary: report.primary,
          witness: report.witness,
        },
      },
    )
  },
  stopped(): LightClientError {
    return new LightClientError('stopped', 'The light node has stopped; start it again to sync.')
  },
}
