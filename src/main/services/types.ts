/**
 * What the IPC handlers work with: the node client, the light follower, the records store,
 * the devices and the accounts the institution follows. Built by `startServices`; tests and
 * the web bridge get the same object as Electron.
 */
import type { CustosRpc, TypedDataSigner } from '../../node/client'
import type { Address } from '../../node/protocol'
import type { RecordStore } from '../../node/light/records'
import type { LedgerSigner } from '../../shared/signer'
import type { DeviceSigners } from './deviceSigners'
import type { ExportJobs } from './exportJobs'
import type { LightFollower } from './lightFollower'

export type NetworkMode = 'embedded-devnet' | 'remote'

/** An account the app follows, with a label for people. */
export interface FollowedAccount {
  address: Address
  name: string
  /** e.g. "Treasury (2 of 3)". */
  label: string
}

/** An institution the accounts trade with. */
export interface Counterparty {
  address: Address
  name: string
}

/** What the runtime is, for app info (Electron fills its versions; the web bridge leaves them empty). */
export interface AppRuntime {
  name: string
  version: string
  electron: string
  chrome: string
}

export interface Services {
  readonly mode: NetworkMode
  readonly runtime: AppRuntime
  readonly rpc: CustosRpc
  readonly rpcUrl: string
  readonly chainId: bigint
  readonly light: LightFollower
  readonly records: RecordStore
  /** Auditor exports of the records (bundle, CSV, PDF) and their verification. */
  readonly exports: ExportJobs
  /** The devices: simulated ones on the embedded devnet, Ledgers otherwise. */
  readonly ledger: LedgerSigner
  readonly deviceSigners: DeviceSigners
  /** Signs the institution's private reads (docs/rpc.md, "Authentication"). */
  readonly reader: TypedDataSigner
  /** Validator names by address, when known (the devnet's genesis names them). */
  readonly validatorNames: ReadonlyMap<Address, string>
  /** The accounts followed now (the demo treasury appears once the demo setup made it). */
  accounts(): readonly FollowedAccount[]
  /** Institutions the accounts trade with, by address and name. */
  counterparties(): readonly Counterparty[]
  /** Resolves once the services are fully set up (the devnet's demo institution exists). */
  readonly ready: Promise<void>
  /** Stops the light follower, closes the records and stops the validator processes. */
  stop(): Promise<void>
}
