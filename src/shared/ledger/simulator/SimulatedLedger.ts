/**
 * A simulated Ledger device running the Ethereum app, speaking the app's real APDU protocol
 * (LedgerHQ/app-ethereum doc/apdu.md and doc/ethapp.adoc), so that `@ledgerhq/hw-app-eth`
 * drives it unchanged. It runs in Node and in the renderer (no Node built-ins).
 *
 * A scripted `SimulatedUser` holds it: it can be locked, on the dashboard or in another app,
 * slow, rejecting, or unplugged after some exchanges. Everything the device showed is kept in
 * `reviews`, every exchange in `apdus`.
 */
import { DisconnectedDeviceDuringOperation } from '@ledgerhq/errors'
import type Transport from '@ledgerhq/hw-transport'
import { TransportRaceCondition } from '@ledgerhq/hw-transport/errors'
import { checksumAddress, type EthAddress } from './address'
import { parseCommand, response } from './apdu'
import { parseVersion, type AppEnvironment } from './appEnvironment'
import { parsePath } from './bip32Path'
import { SimulatorError, StatusWordError } from './errors'
import { EthereumApp } from './ethereumApp'
import { Keyring } from './keyring'
import { handleOsCommand } from './os'
import { SimulatedTransport, type SimulatedLink } from './SimulatedTransport'
import { StatusWords } from './statusWords'
import type {
  DeviceReview,
  DisplayedScreen,
  RecordedApdu,
  ReviewDecision,
  ReviewKind,
  SimulatedApp,
  SimulatedLedgerOptions,
  SimulatedModel,
  SimulatedUser,
} from './types'

const DEFAULT_VERSION = '1.13.0'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A Ledger device with the Ethereum app, for tests and the devnet.
 *
 * @example
 * const sim = new SimulatedLedger({ mnemonic: TEST_MNEMONIC, user: { delayMs: 200 } })
 * const eth = new Eth(sim.transport(), 'w0w', { calServiceURL: null, cryptoassetsBaseURL: null })
 * const { address } = await eth.getAddress("44'/60'/0'/0/0", true)
 * sim.reviews[0] // { kind: 'address', screens: [{ title: 'Address', value: address }], decision: 'approve' }
 */
export class SimulatedLedger {
  readonly user: SimulatedUser
  readonly reviews: DeviceReview[] = []
  readonly apdus: RecordedApdu[] = []
  readonly model: SimulatedModel

  private readonly keyring: Keyring
  private readonly env: AppEnvironment
  private readonly link: SimulatedLink
  private readonly transports = new Set<SimulatedTransport>()
  private ethereum: EthereumApp
  private runningApp: SimulatedApp
  private disconnected = false
  private busy = false

  constructor(options: SimulatedLedgerOptions) {
    this.user = options.user ?? {}
    this.model = options.model ?? 'nanoSP'
    this.keyring = new Keyring(options.mnemonic)
    this.env = {
      keyring: this.keyring,
      model: this.model,
      version: parseVersion(options.version ?? DEFAULT_VERSION),
      blindSigning: () => this.user.blindSigning !== false,
      review: (kind, screens) => this.review(kind, screens),
    }
    this.ethereum = new EthereumApp(this.env)
    this.runningApp = this.currentApp()
    this.link = {
      exchange: (apdu) => this.exchange(apdu),
      detach: (transport) => this.transports.delete(transport),
    }
  }

  /** A new hw-transport Transport connected to this device. */
  transport(): Transport {
    const transport = new SimulatedTransport(this.link)
    this.transports.add(transport)
    return transport
  }

  /**
   * Ends a simulated disconnect: the device is back, still unlocked and in the same app, but
   * any signing flow that was in progress is gone.
   */
  reconnect(): void {
    this.disconnected = false
    delete this.user.disconnectAfterApdus
    this.ethereum = new EthereumApp(this.env)
  }

  /** The private key at a BIP-32 path (`m/44'/60'/0'/0/0` or `44'/60'/0'/0/0`). */
  privateKeyAt(path: string): Uint8Array {
    return this.keyring.derive(parsePath(path)).privateKey.slice()
  }

  /** The EIP-55 address at a BIP-32 path. */
  addressAt(path: string): EthAddress {
    return checksumAddress(this.keyring.derive(parsePath(path)).address)
  }

  private currentApp(): SimulatedApp {
    return this.user.app ?? 'ethereum'
  }

  private async exchange(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.disconnected)
      throw new DisconnectedDeviceDuringOperation('the simulated device is disconnected')
    if (this.busy) {
      throw new TransportRaceCondition(
        'An action was already pending on the Ledger device. Please deny or reconnect.',
      )
    }
    const countdown = this.user.disconnectAfterApdus
    if (countdown !== undefined && countdown <= 0) this.disconnect()
    else if (countdown !== undefined) this.user.disconnectAfterApdus = countdown - 1
    this.busy = true
    try {
      const answer = await this.process(apdu)
      this.apdus.push({ command: apdu.slice(), response: answer.slice() })
      return answer
    } finally {
      this.busy = false
    }
  }

  private disconnect(): never {
    this.disconnected = true
    delete this.user.disconnectAfterApdus
    const error = new DisconnectedDeviceDuringOperation('the simulated device was disconnected')
    for (const transport of this.transports) transport.emit('disconnect', error)
    throw error
  }

  private async process(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.user.locked) return response(StatusWords.LOCKED)
    try {
      const command = parseCommand(apdu)
      this.syncApp()
      const os = handleOsCommand(command, {
        app: this.runningApp,
        model: this.model,
        ethereumVersion: this.env.version.text,
      })
      if (os === null) return await this.ethereum.handle(command)
      if (os.app !== this.runningApp) {
        this.user.app = os.app
        this.syncApp()
      }
      return os.response
    } catch (error) {
      if (error instanceof StatusWordError) return response(error.statusWord)
      throw error
    }
  }

  /** Starts the app the user opened (a freshly started app has no flow in progress). */
  private syncApp(): void {
    const app = this.currentApp()
    if (app === this.runningApp) return
    this.runningApp = app
    this.ethereum = new EthereumApp(this.env)
  }

  private async review(kind: ReviewKind, screens: DisplayedScreen[]): Promise<boolean> {
    const review: DeviceReview = { kind, screens }
    this.reviews.push(review)
    const { delayMs = 0, decide } = this.user
    if (delayMs > 0) await sleep(delayMs)
    let decision: ReviewDecision
    try {
      decision = decide ? await decide(review) : 'approve'
    } catch (cause) {
      const message = `the scripted user failed to decide a ${kind} review`
      throw new SimulatorError('USER_SCRIPT_FAILED', message, { cause })
    }
    review.decision = decision
    return decision === 'approve'
  }
}
