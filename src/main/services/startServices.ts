/**
 * Starts what the UI's handlers work with (`Services`). With no settings: the embedded devnet
 * (ARCHITECTURE.md, "Embedded default") in `dataDir/devnet`, its demo institution with
 * simulated devices (set up in the background on first start; `ready` says when), a light
 * client following it and the encrypted records store. With `remote` settings: the given node
 * and trusted root, the devices of the given connector, and the given accounts.
 *
 * @example
 * const services = await startServices({ dataDir, keyStore: fileKeyStore(join(dataDir, 'records.key')) })
 * await services.ready
 * const status = await networkStatus(services, {})
 * await services.stop()
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { CustosRpc, privateKeySigner, type TypedDataSigner } from '../../node/client'
import { computeGenesisBlock } from '../../node/chain/genesisHeader'
import type { TrustedRoot } from '../../node/light'
import { RecordStore } from '../../node/light/records'
import { headerHash, type Address, type Hex } from '../../node/protocol'
import { LedgerSigner, simulatedConnector, type DeviceConnector } from '../../shared/signer'
import { setUpDemo, TREASURY_NAME, type DemoInstitution } from './demoSetup'
import { deviceSigners } from './deviceSigners'
import { devnetDeviceKey, devnetDevices, MEMBER_PATH } from './devnetDevices'
import { startEmbeddedDevnet, type EmbeddedDevnet } from './embeddedDevnet'
import { exportJobs, type ExportBasis, type ExportJobs } from './exportJobs'
import { recordsKey, type KeyStore } from './keyStore'
import { startLightFollower, type LightFollower } from './lightFollower'
import type { AppRuntime, Counterparty, FollowedAccount, Services } from './types'

/** Settings for a real network instead of the embedded devnet. */
export interface RemoteSettings {
  rpcUrl: string
  /** Nodes the light client compares headers with. */
  witnessUrls?: string[]
  /** The block the user trusts (height and hash), e.g. from the institution's onboarding. */
  trustedRoot: { height: bigint; hash: Hex }
  chain: { chainId: bigint; verifyingContract: Address }
  /** The Ledgers (WebHID in Electron, node-hid in the web bridge). */
  connector: DeviceConnector
  /** Signs private reads (an auditor's or member's key the institution registered). */
  reader: TypedDataSigner
  accounts: FollowedAccount[]
  counterparties?: Counterparty[]
}

export interface StartServicesOptions {
  /** The app's data folder (the devnet, the records, the demo state live here). */
  dataDir: string
  /** Keeps the records store's key (Electron: safeStorage; web bridge: a 0600 file). */
  keyStore: KeyStore
  runtime?: Partial<AppRuntime>
  /** A real network; absent: the embedded devnet. */
  remote?: RemoteSettings
}

const defaultRuntime: AppRuntime = { name: 'Custos', version: '0.1.0', electron: '', chrome: '' }

export async function startServices(options: StartServicesOptions): Promise<Services> {
  mkdirSync(options.dataDir, { recursive: true })
  const runtime = { ...defaultRuntime, ...options.runtime }
  const key = await recordsKey(options.keyStore)
  const recordsPath = join(options.dataDir, 'records.db')
  const records = RecordStore.open({ path: recordsPath, key })
  const exportsFor = (basis: ExportBasis): ExportJobs =>
    exportJobs({
      recordsPath,
      recordsKey: key,
      exportsDir: join(options.dataDir, 'exports'),
      basis,
    })
  try {
    return options.remote
      ? await startRemote(options.remote, runtime, records, exportsFor)
      : await startDevnet(options.dataDir, runtime, records, exportsFor)
  } catch (error) {
    records.close()
    throw error
  }
}

/** Export jobs over the app's records, proven from `basis`. */
type ExportsFor = (basis: ExportBasis) => ExportJobs

async function startRemote(
  remote: RemoteSettings,
  runtime: AppRuntime,
  records: RecordStore,
  exportsFor: ExportsFor,
): Promise<Services> {
  const root: TrustedRoot = { kind: 'hash', ...remote.trustedRoot }
  const light = await startLightFollower({
    root,
    chain: remote.chain,
    primaryUrl: remote.rpcUrl,
    witnessUrls: remote.witnessUrls ?? [],
    records,
  })
  const ledger = new LedgerSigner({ connector: remote.connector })
  const exports = exportsFor({ chain: remote.chain, trustedRoot: remote.trustedRoot })
  return {
    mode: 'remote',
    runtime,
    rpc: new CustosRpc(remote.rpcUrl),
    rpcUrl: remote.rpcUrl,
    chainId: remote.chain.chainId,
    light,
    records,
    exports,
    ledger,
    deviceSigners: deviceSigners(ledger),
    reader: remote.reader,
    validatorNames: new Map(),
    accounts: () => remote.accounts,
    counterparties: () => remote.counterparties ?? [],
    ready: Promise.resolve(),
    async stop() {
      await light.stop()
      await exports.settle()
      records.close()
    },
  }
}

async function startDevnet(
  dataDir: string,
  runtime: AppRuntime,
  records: RecordStore,
  exportsFor: ExportsFor,
): Promise<Services> {
  const devnet: EmbeddedDevnet = await startEmbeddedDevnet({ dataDir: join(dataDir, 'devnet') })
  let light: LightFollower | undefined
  try {
    const [primaryUrl, ...witnessUrls] = devnet.rpcUrls as [string, ...string[]]
    light = await startLightFollower({
      root: { kind: 'genesis', genesis: devnet.genesis },
      primaryUrl,
      witnessUrls,
      records,
    })
    const rpc = new CustosRpc(primaryUrl)
    const ledger = new LedgerSigner({ connector: simulatedConnector(devnetDevices()) })
    let demo: DemoInstitution | undefined
    const ready = setUpDemo({ rpc, ledger, statePath: join(dataDir, 'demo.json') }).then((made) => {
      demo = made
    })
    ready.catch(() => undefined)
    const follower = light
    const genesisBlock = computeGenesisBlock(devnet.genesis)
    const exports = exportsFor({
      chain: {
        chainId: devnet.genesis.chainId,
        verifyingContract: devnet.genesis.verifyingContract,
      },
      trustedRoot: { height: 0n, hash: headerHash(genesisBlock.header) },
      rootBlock: { ...genesisBlock, commit: null },
    })
    return {
      mode: 'embedded-devnet',
      runtime,
      rpc,
      rpcUrl: primaryUrl,
      chainId: devnet.genesis.chainId,
      light: follower,
      records,
      exports,
      ledger,
      deviceSigners: deviceSigners(ledger),
      // devnet only: device 0's mnemonic is public, so its member key signs the reads in
      // memory instead of asking the (simulated) device for every refresh
      reader: privateKeySigner(devnetDeviceKey(0, MEMBER_PATH)),
      validatorNames: devnet.validatorNames,
      accounts: () =>
        demo ? [{ address: demo.treasury, name: TREASURY_NAME, label: 'Treasury (2 of 3)' }] : [],
      counterparties: () => (demo ? [{ address: demo.counterparty, name: 'Demo Dave' }] : []),
      ready,
      async stop() {
        await follower.stop()
        await exports.settle()
        await devnet.stop()
        records.close()
      },
    }
  } catch (error) {
    await light?.stop()
    await devnet.stop()
    throw error
  }
}
