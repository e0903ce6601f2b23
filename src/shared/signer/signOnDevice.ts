/**
 * One EIP-712 signature on an open device: check the Ethereum app is open and read its
 * version, pick the mode, tell the caller what the device is about to show, sign, normalise
 * and check the signature. Runs inside the device queue (see `LedgerSigner`).
 *
 * Full mode is always tried first when the app should support it. If the app answers the
 * first EIP-712 command with 0x6D00 (instruction not supported: an app built without the
 * full implementation on a model this code does not know), the same request falls back to
 * hashed mode before anything was shown.
 */
import type Transport from '@ledgerhq/hw-transport'
import type Eth from '@ledgerhq/hw-app-eth'
import type { DeviceInfo } from './DeviceConnector'
import type { Track } from './DeviceQueue'
import { deviceErrorOf } from './deviceErrorOf'
import { DeviceError, type SignerError } from './errors'
import { readAppInfo, signFull, signHashed } from './ethereumApp'
import { devicePath } from './paths'
import { devicePreview, type DeviceScreen } from './preview'
import { checkSigner, lowS } from './recover'
import { signingModeFor, type EthereumAppInfo, type SigningMode } from './signingMode'
import {
  deviceTypedData,
  typedDataHashes,
  type Hex,
  type TypedDataHashes,
  type TypedDataToSign,
} from './typedData'
import { withTimeout } from './withTimeout'

/** A device the queue handed to a request. */
export interface OpenDevice {
  transport: Transport
  eth: Eth
  info: DeviceInfo
}

export interface PendingReview {
  mode: SigningMode
  /** Why this mode (e.g. "a Ledger nanoS cannot show EIP-712 fields"). */
  reason: string
  screens: DeviceScreen[]
  hashes: TypedDataHashes
  app: EthereumAppInfo
  /** 0 on the first attempt, then 1, 2, … after each reconnect or fallback. */
  attempt: number
}

export interface SignedTypedData {
  /** 65 bytes r ‖ s ‖ v, low s, recovering `address`. */
  signature: Hex
  address: `0x${string}`
  mode: SigningMode
  /** The domain and message hashes; in hashed mode the device showed these. */
  hashes: TypedDataHashes
  /** The screens the device showed (as `devicePreview` predicts them). */
  screens: DeviceScreen[]
}

export interface SignOnDeviceParameters {
  device: OpenDevice
  track: Track
  path: string
  typedData: TypedDataToSign
  expectedAddress: string
  /** `auto`: full wherever the app can, hashed otherwise. */
  mode: SigningMode | 'auto'
  exchangeMs: number
  reviewMs: number
  onReview?: ((review: PendingReview) => void) | undefined
  /** Counts the reviews announced for this request (shared across its retries). */
  attempts: { count: number }
}

export async function signOnDevice(p: SignOnDeviceParameters): Promise<SignedTypedData> {
  const { device, track } = p
  const hashes = typedDataHashes(p.typedData)
  const found = await withTimeout(
    readAppInfo(device.transport, device.eth),
    p.exchangeMs,
    track,
    'reading the app version',
  )
  const model = found.model ?? device.info.model
  const app: EthereumAppInfo = { ...found, ...(model === undefined ? {} : { model }) }
  const choice = signingModeFor(app)
  const first: SigningMode = p.mode === 'auto' ? choice.mode : p.mode
  const reason = first === choice.mode ? choice.reason : `the caller asked for ${first} mode`

  const attempt = async (mode: SigningMode, why: string): Promise<SignedTypedData> => {
    const screens = devicePreview(p.typedData, mode, { ...(model === undefined ? {} : { model }) })
    p.onReview?.({ mode, reason: why, screens, hashes, app, attempt: p.attempts.count++ })
    const path = devicePath(p.path)
    const signing =
      mode === 'full'
        ? signFull(device.eth, path, deviceTypedData(p.typedData))
        : signHashed(device.eth, path, hashes.domainHash, hashes.messageHash)
    let raw: Hex
    try {
      raw = await withTimeout(signing, p.reviewMs, track, 'waiting for your approval')
    } catch (error) {
      throw refineForMode(deviceErrorOf(error), mode)
    }
    const signature = lowS(raw)
    const address = await checkSigner(hashes.digest, signature, p.expectedAddress, p.path)
    return { signature, address, mode, hashes, screens }
  }

  try {
    return await attempt(first, reason)
  } catch (error) {
    const lacksFull =
      p.mode === 'auto' &&
      first === 'full' &&
      error instanceof DeviceError &&
      error.statusWord === 0x6d00
    if (!lacksFull) throw error
    return attempt(
      'hashed',
      `Ethereum app ${app.version} on this device cannot show EIP-712 fields`,
    )
  }
}

/**
 * 0x6A80 means "blind signing is off" only for a hashed signature; in full mode it means the
 * app refused the data itself (too large for its memory, or malformed).
 */
function refineForMode(error: SignerError, mode: SigningMode): SignerError {
  if (mode === 'full' && error instanceof DeviceError && error.statusWord === 0x6a80)
    return new DeviceError('unexpected', {
      statusWord: 0x6a80,
      message:
        'The Ethereum app refused this typed data (too large or not valid for the device). Update the Ethereum app in Ledger Live and try again; if it still fails, this action cannot be signed on this device.',
      cause: error,
    })
  return error
}
