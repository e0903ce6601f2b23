/**
 * Public types of the simulated Ledger: the scripted person holding it, and what its screen
 * showed.
 */

/** Which app the device has open. `dashboard` is the OS home screen (no app open). */
export type SimulatedApp = 'ethereum' | 'dashboard' | 'bitcoin'

/**
 * Device models. They differ where the real devices differ: the Nano S runs an Ethereum app
 * without full EIP-712 support and an older OS; Nano models end an EIP-712 review with the
 * message hash.
 */
export type SimulatedModel = 'nanoSP' | 'nanoX' | 'stax' | 'nanoS'

/** What the user decides on a review screen. */
export type ReviewDecision = 'approve' | 'reject'

/** One screen of a review: a label and the value shown under it. */
export interface DisplayedScreen {
  /** The label, e.g. `account`, `action.amount`, `legs[0].symbol`, `Message hash`. */
  title: string
  /** The value as shown: uints in decimal, addresses EIP-55, bytes as 0x hex, bools true/false. */
  value: string
}

/** Kinds of reviews the Ethereum app shows before it answers. */
export type ReviewKind = 'address' | 'personal-message' | 'eip712' | 'eip712-hashed'

/** One review the device displayed, and, once taken, the user's decision. */
export interface DeviceReview {
  kind: ReviewKind
  screens: DisplayedScreen[]
  /** Set when the user has decided; absent while the review is on screen. */
  decision?: ReviewDecision
}

/**
 * The scripted "person holding the device". Every field is optional and may be changed while
 * the device runs; the device reads it on each APDU.
 */
export interface SimulatedUser {
  /** The device is locked: the OS answers 0x5515 to every APDU. */
  locked?: boolean
  /** The open app (default `ethereum`). */
  app?: SimulatedApp
  /** The Ethereum app's "Blind signing" setting (default on). Off: hashed EIP-712 → 0x6A80. */
  blindSigning?: boolean
  /** Decides each review (default: approve). Reject → the app answers 0x6985. */
  decide?: (review: DeviceReview) => ReviewDecision | Promise<ReviewDecision>
  /** How long the user takes per review, in milliseconds (default 0). */
  delayMs?: number
  /**
   * After this many more exchanges the device disconnects: the next exchange, and every one
   * after it until `SimulatedLedger.reconnect()`, throws `DisconnectedDeviceDuringOperation`.
   * The device counts it down as exchanges happen.
   */
  disconnectAfterApdus?: number
}

/** One exchange as it crossed the wire. */
export interface RecordedApdu {
  command: Uint8Array
  /** Response data followed by the two status word bytes. */
  response: Uint8Array
}

export interface SimulatedLedgerOptions {
  /** The BIP-39 mnemonic the device was set up with. */
  mnemonic: string
  /** The scripted user (default: unlocked, Ethereum app open, approves everything at once). */
  user?: SimulatedUser
  /** The Ethereum app version, `major.minor.patch` (default `1.13.0`). */
  version?: string
  /** The device model (default `nanoSP`). */
  model?: SimulatedModel
}
