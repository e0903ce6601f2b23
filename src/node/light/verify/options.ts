import type { CustosDomain } from '../../protocol/eip712'
import type { RecoverAddress } from '../../protocol/signature'

/** What header verification needs besides the blocks. */
export interface VerifyOptions {
  /** The chain's EIP-712 domain (chain id and anchor contract): votes are signed in it. */
  domain: CustosDomain
  /** How long a verified header may be trusted for skipping ahead from it (ms). */
  trustingPeriodMs: bigint
  /** How far in the future a header's time may be, for clock differences (ms). */
  maxClockDriftMs: bigint
  /** The current time, unix milliseconds. */
  now: bigint
  recover: RecoverAddress
  /** Where the untrusted block came from, for messages (a node's URL). */
  source?: string
}

/** Defaults of CometBFT's light client: two weeks of trust, ten seconds of clock drift. */
export const defaultTrustingPeriodMs = 14n * 24n * 3_600_000n
export const defaultMaxClockDriftMs = 10_000n
