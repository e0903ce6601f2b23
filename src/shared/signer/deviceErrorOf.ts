/**
 * Turns what a transport or the Ethereum app threw into a `DeviceError` with a reason.
 *
 * Status words are those of the Ethereum app ("app-ethereum/doc/ethapp.adoc", "Status
 * Words") and of the OS (BOLOS): 0x5515 locked, 0x6982 security status not satisfied (a
 * locked device on older firmware), 0x6D00 / 0x6E00 instruction or class not supported (the
 * dashboard or another app is open), 0x6511 no app open, 0x6A80 invalid data (the app refuses
 * a hash-only signature without blind signing), 0x6985 denied by the user.
 * Transport failures are recognised by the error names @ledgerhq/errors gives them, not by
 * `instanceof`, because a bundle may hold more than one copy of that package.
 */
import { DeviceError, SignerError, type DeviceErrorReason } from './errors'

export const statusWordReasons: Readonly<Record<number, DeviceErrorReason>> = {
  0x5515: 'locked',
  0x6982: 'locked',
  0x6d00: 'app-not-open',
  0x6e00: 'app-not-open',
  0x6511: 'app-not-open',
  0x6a80: 'blind-signing',
  0x6985: 'rejected',
}

const disconnectedNames = new Set([
  'DisconnectedDevice',
  'DisconnectedDeviceDuringOperation',
  'CantOpenDevice',
  'DeviceNotFound',
])
const busyNames = new Set(['TransportRaceCondition', 'TransportLocked'])

/** The status word of a `TransportStatusError` (or any error carrying one). */
export function statusWordOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { statusCode?: unknown }).statusCode
  return typeof code === 'number' ? code : undefined
}

function nameOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ''
  const { name, id } = error as { name?: unknown; id?: unknown }
  // TransportError keeps its specific name in `id` ("TransportLocked", "NoDeviceFound")
  if (typeof id === 'string' && id !== '') return id
  return typeof name === 'string' ? name : ''
}

/** The `DeviceError` for `error`; a `SignerError` passes through unchanged. */
export function deviceErrorOf(error: unknown): SignerError {
  if (error instanceof SignerError) return error
  const statusWord = statusWordOf(error)
  if (statusWord !== undefined) {
    return new DeviceError(statusWordReasons[statusWord] ?? 'unexpected', {
      statusWord,
      cause: error,
    })
  }
  const name = nameOf(error)
  if (disconnectedNames.has(name) || /disconnect/i.test(name))
    return new DeviceError('disconnected', { cause: error, details: { transportError: name } })
  if (busyNames.has(name))
    return new DeviceError('busy', { cause: error, details: { transportError: name } })
  return new DeviceError('unexpected', {
    cause: error,
    details: {
      transportError: name,
      ...(error instanceof Error ? { transportMessage: error.message } : {}),
    },
  })
}

/** True when `error` means the link to the device went away (so reconnecting may help). */
export function isDisconnect(error: unknown): boolean {
  const mapped = deviceErrorOf(error)
  return mapped instanceof DeviceError && mapped.reason === 'disconnected'
}
