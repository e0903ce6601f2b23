/**
 * What the simulated Ethereum app gets from the device it runs on: keys, the model and app
 * version, the user's settings, and the screen on which it asks the user to review.
 */
import { SimulatorError } from './errors'
import type { Keyring } from './keyring'
import type { DisplayedScreen, ReviewKind, SimulatedModel } from './types'

export interface AppVersion {
  major: number
  minor: number
  patch: number
  /** As given, e.g. `1.13.0`; GET APP AND VERSION returns it as is. */
  text: string
}

export interface AppEnvironment {
  readonly keyring: Keyring
  readonly model: SimulatedModel
  readonly version: AppVersion
  /** The app's "Blind signing" setting, read when it matters. */
  blindSigning(): boolean
  /** Shows a review and waits for the user; true when approved. */
  review(kind: ReviewKind, screens: DisplayedScreen[]): Promise<boolean>
}

/** Parses `major.minor.patch` (a `-prerelease` suffix is kept in `text` only). */
export function parseVersion(text: string): AppVersion {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:-[\w.]+)?$/.exec(text)
  if (!match) {
    throw new SimulatorError('INVALID_VERSION', `app version '${text}' is not major.minor.patch`)
  }
  const [major, minor, patch] = match.slice(1, 4).map(Number)
  if (
    major === undefined ||
    minor === undefined ||
    patch === undefined ||
    major > 255 ||
    minor > 255 ||
    patch > 255
  ) {
    throw new SimulatorError('INVALID_VERSION', `app version '${text}' does not fit three bytes`)
  }
  return { major, minor, patch, text }
}
