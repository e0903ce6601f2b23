/**
 * The typed messages between `startLightWorker` (the app's thread) and the light client in its
 * worker thread (`workerMain.ts`). Everything here is structured-clonable (bigints included);
 * errors cross as their JSON and are rebuilt on the other side.
 */
import type { LightClientReason } from './errors'
import type { RpcAuthJson } from './providers/RpcProvider'
import type {
  EvidenceReport,
  LightBlock,
  LightChain,
  LightWarning,
  ProvenState,
  SyncProgress,
  TrustedRoot,
} from './types'

/** What the worker's light client is built from (all clonable: providers are node URLs). */
export interface LightWorkerConfig {
  root: TrustedRoot
  /** The primary node's JSON-RPC URL. */
  primary: string
  /** Witness nodes' JSON-RPC URLs. */
  witnesses?: string[]
  chain?: LightChain
  trustingPeriodMs?: number
  maxClockDriftMs?: number
  retries?: number
  retryDelayMs?: number
  /** Per RPC request (default 5 s). */
  timeoutMs?: number
  maxKeptHeaders?: number
  /** Sync to the primary's head every this many ms; without it, only `sync()` syncs. */
  followIntervalMs?: number
  /** Whether the app answers `authorize` requests (private reads). */
  canAuthorize?: boolean
}

/** An error as it crosses threads. */
export interface WorkerError {
  name: string
  message: string
  reason?: LightClientReason
  details?: Record<string, unknown>
}

/** Events the worker announces. */
export type LightWorkerEvent =
  | { type: 'ready'; root: LightBlock }
  | { type: 'progress'; progress: SyncProgress }
  | { type: 'header'; block: LightBlock }
  | { type: 'evidence'; report: EvidenceReport }
  | { type: 'warning'; warning: LightWarning }
  /** A failure outside any request (start-up, the follow loop). */
  | { type: 'error'; error: WorkerError }

/** Worker → app. */
export type FromWorker =
  | LightWorkerEvent
  | { type: 'result'; id: number; value: LightBlock | ProvenState }
  | { type: 'failure'; id: number; error: WorkerError }
  | { type: 'authorize'; id: number; method: string; params: Record<string, unknown> }
  | { type: 'stopped' }

/** Requests the app makes of the light client. */
export type WorkerRequest = { type: 'sync'; target?: bigint } | { type: 'provenState'; key: string }

/** App → worker. */
export type ToWorker =
  | (WorkerRequest & { id: number })
  | { type: 'authorized'; id: number; auth: RpcAuthJson }
  | { type: 'authorizeFailed'; id: number; message: string }
  | { type: 'stop' }
