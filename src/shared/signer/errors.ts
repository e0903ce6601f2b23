/**
 * Errors of hardware-wallet signing. One base class, `SignerError`, with a stable string
 * `code`, a message for people (what happened and what to do), `details` for logs and a
 * `cause` (STYLE.md, "Errors"). The app and the CLI switch on `code`, and for a
 * `DeviceError` on `reason`; they print `message` as it is.
 */
import { CodedError, type CodedErrorOptions } from '../codedError'

export type SignerErrorCode =
  /** The device refused, is in the wrong state, went away or did not answer; see `reason`. */
  | 'DEVICE'
  /** The device signed, but the signature does not recover the expected address. */
  | 'WRONG_SIGNER'
  /** No device transport is available here (a missing optional package, no WebHID). */
  | 'TRANSPORT_UNAVAILABLE'
  /** No device is connected, or none has the requested id. */
  | 'NO_DEVICE'
  /** A derivation path, template or index is malformed. */
  | 'BAD_PATH'
  /** The simulated device was asked for outside a devnet. */
  | 'NOT_DEVNET'
  /** The typed data cannot be sent to the device as it is (see the message). */
  | 'UNSENDABLE'

export type SignerErrorOptions = CodedErrorOptions

export class SignerError extends CodedError<SignerErrorCode> {}

/**
 * Why a device could not do what was asked:
 * - `locked`: the PIN screen is showing (status 0x5515, or 0x6982 on older firmware);
 * - `app-not-open`: the dashboard or another app is open (0x6D00, 0x6E00, 0x6511);
 * - `blind-signing`: the Ethereum app refuses a hash-only signature (0x6A80);
 * - `rejected`: the person pressed Reject on the device (0x6985);
 * - `disconnected`: the USB link went away and did not come back in time;
 * - `timeout`: nobody answered on the device within the configured time;
 * - `busy`: the device is still handling another request (another app, or an earlier one);
 * - `unexpected`: any other status word or transport failure.
 */
export type DeviceErrorReason =
  | 'locked'
  | 'app-not-open'
  | 'blind-signing'
  | 'rejected'
  | 'disconnected'
  | 'timeout'
  | 'busy'
  | 'unexpected'

/** What to tell people for each reason, and whether trying again can succeed. */
const reasons: Record<DeviceErrorReason, { message: string; retryable: boolean }> = {
  locked: {
    message: 'Your Ledger is locked. Unlock your Ledger and open the Ethereum app, then try again.',
    retryable: true,
  },
  'app-not-open': {
    message:
      'The Ethereum app is not open on your Ledger. Unlock your Ledger and open the Ethereum app, then try again.',
    retryable: true,
  },
  'blind-signing': {
    message:
      'The Ethereum app refused to sign a message it cannot show in full. Enable blind signing in the Ethereum app settings (Settings › Blind signing), then try again; compare the hashes shown here with the ones on the device before you approve.',
    retryable: true,
  },
  rejected: {
    message:
      'You rejected the request on your Ledger. Nothing was signed; review it and approve it on the device to go ahead.',
    retryable: true,
  },
  disconnected: {
    message:
      'Your Ledger was disconnected and did not come back. Reconnect it, unlock it and open the Ethereum app, then try again.',
    retryable: true,
  },
  timeout: {
    message:
      'Your Ledger did not answer in time. Check the device screen: approve or reject the request there, then try again.',
    retryable: true,
  },
  busy: {
    message:
      'Your Ledger is busy with another request. Finish or reject it on the device (and close other wallet apps using it), then try again.',
    retryable: true,
  },
  unexpected: {
    message:
      'Your Ledger answered unexpectedly. Unplug and reconnect it, open the Ethereum app, update it if Ledger Live offers an update, then try again.',
    retryable: false,
  },
}

export interface DeviceErrorOptions extends SignerErrorOptions {
  /** The APDU status word the device answered, when there was one. */
  statusWord?: number
  /** Replaces the standard message for the reason (it must still say what to do). */
  message?: string
}

/** The device could not do what was asked; `reason` says why, `message` what to do. */
export class DeviceError extends SignerError {
  readonly reason: DeviceErrorReason
  /** True when the same request can succeed after the person acts on the device. */
  readonly retryable: boolean
  readonly statusWord: number | undefined

  constructor(reason: DeviceErrorReason, options: DeviceErrorOptions = {}) {
    const standard = reasons[reason]
    super('DEVICE', options.message ?? standard.message, {
      details: {
        reason,
        ...(options.statusWord === undefined
          ? {}
          : { statusWord: `0x${options.statusWord.toString(16).padStart(4, '0')}` }),
        ...options.details,
      },
      cause: options.cause,
    })
    this.reason = reason
    this.retryable = standard.retryable
    this.statusWord = options.statusWord
  }
}

/** The device's signature recovers another address than the one expected. */
export class WrongDeviceSigner extends SignerError {
  readonly expected: string
  readonly recovered: string

  constructor(expected: string, recovered: string, path: string) {
    super(
      'WRONG_SIGNER',
      `The Ledger signed with ${recovered} (path ${path}), not with ${expected}. Connect the device that holds ${expected}, or choose the path of that address, then try again; nothing was sent.`,
      { details: { expected, recovered, path } },
    )
    this.expected = expected
    this.recovered = recovered
  }
}

/** No transport can reach a device from here. */
export class TransportUnavailable extends SignerError {
  constructor(message: string, options: SignerErrorOptions = {}) {
    super('TRANSPORT_UNAVAILABLE', message, options)
  }
}

export class NoDevice extends SignerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('NO_DEVICE', message, { details })
  }
}

export class BadPath extends SignerError {
  constructor(path: string, reason: string) {
    super('BAD_PATH', `derivation path ${JSON.stringify(path)} ${reason}`, { details: { path } })
  }
}

export class NotDevnet extends SignerError {
  constructor(chainId: bigint, devnetChainId: bigint) {
    super(
      'NOT_DEVNET',
      `A simulated device signs only on the devnet (chain id ${devnetChainId}); this node's chain id is ${chainId}. Use a real Ledger (--ledger) or a key file (--key) instead.`,
      { details: { chainId: chainId.toString(), devnetChainId: devnetChainId.toString() } },
    )
  }
}

/** Typed data that cannot reach the device intact; nothing was sent. */
export class UnsendableTypedData extends SignerError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('UNSENDABLE', message, { details })
  }
}
