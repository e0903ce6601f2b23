/** Options of `LightClient.create`: the root, the nodes, the trust rules and the callbacks. */
import type { RecoverAddress } from '../protocol/signature'
import type {
  EvidenceReport,
  HeaderSink,
  LightBlock,
  LightChain,
  LightProvider,
  LightWarning,
  SyncProgress,
  TrustedRoot,
} from './types'

export interface LightClientOptions {
  root: TrustedRoot
  primary: LightProvider
  /** Nodes each new header is compared with; none means forks go unnoticed. */
  witnesses?: readonly LightProvider[]
  /** The chain followed; required unless the root is the genesis document (which names it). */
  chain?: LightChain
  /** How long a verified header is trusted (default 14 days, CometBFT's usual). */
  trustingPeriodMs?: number
  /** Tolerated clock difference for header times (default 10 s). */
  maxClockDriftMs?: number
  /** Clock, unix milliseconds (default `Date.now`). */
  now?: () => number
  /** Signature recovery (default libsecp256k1, `nativeRecoverAddress`). */
  recover?: RecoverAddress
  /** Attempts after a failed fetch (default 2) and the wait between them (default 250 ms). */
  retries?: number
  retryDelayMs?: number
  /** Verified headers kept in memory (default 10,000; older ones are dropped). */
  maxKeptHeaders?: number
  /** Persists each newly verified block (the records store). */
  sink?: HeaderSink
  onProgress?(progress: SyncProgress): void
  /** Each newly verified block, in height order within a sync. */
  onHeader?(block: LightBlock): void
  /** Evidence of a fork, after it was submitted to the nodes. */
  onEvidence?(report: EvidenceReport): void
  /** A witness failed or was dropped; syncing goes on. */
  onWarning?(warning: LightWarning): void
}
