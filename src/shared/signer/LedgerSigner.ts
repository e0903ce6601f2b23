/**
 * The hardware-wallet signer: lists devices, derives addresses, and clear-signs EIP-712 typed
 * data on a Ledger through the real @ledgerhq/hw-app-eth over any transport (WebHID, node-hid,
 * the simulator). Isomorphic: the app's renderer and the CLI use this same class with their
 * own `DeviceConnector`.
 *
 * What it guarantees:
 * - one request at a time per device (`DeviceQueue`); a second request waits its turn;
 * - every device failure is a `DeviceError` whose `reason` and message say what to do;
 * - a signature is returned only after it recovers the expected address;
 * - a disconnect in the middle of a request waits for the device to come back and runs the
 *   same request again; RFC 6979 signatures are deterministic, so the retried request yields
 *   the same 65 bytes (after the person approves it again) and nothing is ever signed over
 *   different data.
 */
import type Transport from '@ledgerhq/hw-transport'
import { DeviceQueue, type Track } from './DeviceQueue'
import { waitUntilListed, type DeviceConnector, type DeviceInfo } from './DeviceConnector'
import { deviceErrorOf, isDisconnect } from './deviceErrorOf'
import { BadPath, NoDevice } from './errors'
import { ethereumApp, readAppInfo } from './ethereumApp'
import { devicePath, normalizePath, pathOf, type PathTemplate } from './paths'
import {
  signOnDevice,
  type OpenDevice,
  type PendingReview,
  type SignedTypedData,
} from './signOnDevice'
import type { EthereumAppInfo, SigningMode } from './signingMode'
import type { TypedDataToSign } from './typedData'
import { withTimeout } from './withTimeout'

export type { OpenDevice, PendingReview, SignedTypedData } from './signOnDevice'

export interface SignerTimeouts {
  /** A command without a person in the loop (addresses, app version). Default 10 s. */
  exchangeMs: number
  /** A signature the person reviews and approves on the device. Default 3 minutes. */
  reviewMs: number
  /** Waiting for the device to come back after a disconnect. Default 60 s. */
  reconnectMs: number
  /**
   * Waiting behind an earlier request to the same device, which may itself wait for a person
   * up to `reviewMs`. Default: twice `reviewMs`.
   */
  queueMs: number
}

export interface LedgerSignerOptions {
  connector: DeviceConnector
  timeouts?: Partial<SignerTimeouts>
  /** How many times one request is retried after a disconnect (default 3). */
  maxReconnects?: number
  /** Share a queue between signers that reach the same devices (default: a new one). */
  queue?: DeviceQueue
}

export interface DerivedAddress {
  index: number
  path: string
  /** Lowercase 0x-hex. */
  address: `0x${string}`
}

export interface DeviceRequestOptions {
  /** The device to use (default: the first listed). */
  deviceId?: string
}

export interface SignTypedDataOptions extends DeviceRequestOptions {
  /** `auto` (default): full wherever the app can, hashed otherwise. */
  mode?: SigningMode | 'auto'
  /**
   * Called before the device is asked, with what it is about to show: in full mode one
   * screen per field, in hashed mode the two hashes, which the app must show with a warning
   * to compare them with the device's screen. Called again after a reconnect.
   */
  onReview?: (review: PendingReview) => void
}

const defaultTimeouts: Omit<SignerTimeouts, 'queueMs'> = {
  exchangeMs: 10_000,
  reviewMs: 180_000,
  reconnectMs: 60_000,
}

export class LedgerSigner {
  readonly connector: DeviceConnector
  readonly timeouts: SignerTimeouts
  private readonly maxReconnects: number
  private readonly queue: DeviceQueue
  private readonly transports = new Map<string, Promise<Transport>>()

  constructor(options: LedgerSignerOptions) {
    this.connector = options.connector
    const reviewMs = options.timeouts?.reviewMs ?? defaultTimeouts.reviewMs
    this.timeouts = { ...defaultTimeouts, queueMs: 2 * reviewMs, ...options.timeouts }
    this.maxReconnects = options.maxReconnects ?? 3
    this.queue = options.queue ?? new DeviceQueue()
  }

  /** The devices connected now. */
  listDevices(): Promise<DeviceInfo[]> {
    return this.connector.list()
  }

  /** The open app's version and settings; throws `DeviceError` unless Ethereum is open. */
  appInfo(options: DeviceRequestOptions = {}): Promise<EthereumAppInfo> {
    return this.request(options, async (device, track) => {
      const app = await withTimeout(
        readAppInfo(device.transport, device.eth),
        this.timeouts.exchangeMs,
        track,
        'reading the app version',
      )
      const model = app.model ?? device.info.model
      return model === undefined ? app : { ...app, model }
    })
  }

  /**
   * `count` addresses from index `from` under a path template, read from the device without
   * showing them (`findAddress` and `discoverAddresses` build on it).
   *
   * @example
   * const [first] = await signer.getAddresses('ledger-live', 0, 1)
   * first.path // "m/44'/60'/0'/0/0"
   */
  getAddresses(
    template: PathTemplate,
    from: number,
    count: number,
    options: DeviceRequestOptions = {},
  ): Promise<DerivedAddress[]> {
    const paths = Array.from({ length: count }, (_, i) => ({
      index: from + i,
      path: pathOf(template, from + i),
    }))
    return this.addressesAt(paths, options)
  }

  /** The address of the key at any path (e.g. from `--path`), read without showing it. */
  async getAddressAt(path: string, options: DeviceRequestOptions = {}): Promise<`0x${string}`> {
    const [derived] = await this.addressesAt([{ index: 0, path: normalizePath(path) }], options)
    if (!derived) throw new BadPath(path, 'gave no address')
    return derived.address
  }

  /**
   * Clear-signs EIP-712 typed data with the key at `path` and returns the signature once it
   * recovers `expectedAddress`. Full mode wherever the Ethereum app can show every field;
   * hashed mode (domain and message hash) on a Nano S or an old app, with `onReview` telling
   * the app which hashes the device will show.
   *
   * Throws `DeviceError` (locked, app-not-open, blind-signing, rejected, disconnected,
   * timeout, busy), `WrongDeviceSigner` when the key at `path` is not `expectedAddress`, and
   * `BadPath`.
   *
   * @example
   * const { signature } = await signer.signTypedData("m/44'/60'/0'/0/0", typedData, member)
   */
  signTypedData(
    path: string,
    typedData: TypedDataToSign,
    expectedAddress: string,
    options: SignTypedDataOptions = {},
  ): Promise<SignedTypedData> {
    const canonicalPath = normalizePath(path)
    const attempts = { count: 0 }
    return this.request(options, (device, track) =>
      signOnDevice({
        device,
        track,
        path: canonicalPath,
        typedData,
        expectedAddress,
        mode: options.mode ?? 'auto',
        exchangeMs: this.timeouts.exchangeMs,
        reviewMs: this.timeouts.reviewMs,
        onReview: options.onReview,
        attempts,
      }),
    )
  }

  /** Closes every open transport (the devices stay connected). */
  async close(): Promise<void> {
    const open = [...this.transports.keys()]
    await Promise.all(open.map((id) => this.drop(id)))
  }

  private addressesAt(
    paths: ReadonlyArray<{ index: number; path: string }>,
    options: DeviceRequestOptions,
  ): Promise<DerivedAddress[]> {
    return this.request(options, async (device, track) => {
      const found: DerivedAddress[] = []
      for (const { index, path } of paths) {
        const answer = await withTimeout(
          device.eth.getAddress(devicePath(path), false, false),
          this.timeouts.exchangeMs,
          track,
          `reading the address at ${path}`,
        )
        found.push({ index, path, address: answer.address.toLowerCase() as `0x${string}` })
      }
      return found
    })
  }

  /**
   * Runs `operation` on a device in its queue; after a disconnect waits for the device and
   * runs it again (up to `maxReconnects` times). Errors come out as `SignerError`s.
   */
  private async request<T>(
    options: DeviceRequestOptions,
    operation: (device: OpenDevice, track: Track) => Promise<T>,
  ): Promise<T> {
    const info = await this.device(options.deviceId)
    return this.queue.run(
      info.id,
      async (track) => {
        for (let reconnects = 0; ; reconnects++) {
          try {
            const transport = await this.transport(info.id)
            return await operation({ transport, eth: ethereumApp(transport), info }, track)
          } catch (error) {
            if (!isDisconnect(error)) throw deviceErrorOf(error)
            await this.drop(info.id)
            if (reconnects >= this.maxReconnects) throw deviceErrorOf(error)
            await waitUntilListed(this.connector, info.id, this.timeouts.reconnectMs)
          }
        }
      },
      { waitMs: this.timeouts.queueMs },
    )
  }

  /** The listed device `deviceId`, or the first one listed. */
  private async device(deviceId: string | undefined): Promise<DeviceInfo> {
    const devices = await this.connector.list()
    const found = deviceId === undefined ? devices[0] : devices.find((d) => d.id === deviceId)
    if (found) return found
    // a device that went away mid-session is still addressed by id, to wait for it
    if (deviceId !== undefined && this.transports.has(deviceId))
      return { id: deviceId, label: 'Ledger', simulated: false }
    throw new NoDevice(
      'No Ledger found. Connect your Ledger by USB, unlock it and open the Ethereum app, then try again.',
      deviceId === undefined ? {} : { deviceId },
    )
  }

  private transport(deviceId: string): Promise<Transport> {
    let transport = this.transports.get(deviceId)
    if (!transport) {
      const opening = this.connector.open(deviceId)
      opening.catch(() => {
        if (this.transports.get(deviceId) === opening) this.transports.delete(deviceId)
      })
      this.transports.set(deviceId, opening)
      transport = opening
    }
    return transport
  }

  private async drop(deviceId: string): Promise<void> {
    const transport = this.transports.get(deviceId)
    this.transports.delete(deviceId)
    await transport?.then((t) => t.close()).catch(() => undefined)
  }
}
