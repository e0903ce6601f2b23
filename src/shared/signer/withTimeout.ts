/**
 * A device operation with a deadline. The operation itself cannot be cancelled (the device
 * keeps showing its screen), so on timeout the caller gets `DeviceError('timeout')` while the
 * operation stays tracked by the device queue until the device answers.
 */
import type { Track } from './DeviceQueue'
import { DeviceError } from './errors'

export async function withTimeout<T>(
  operation: Promise<T>,
  timeoutMs: number,
  track: Track,
  what: string,
): Promise<T> {
  track(operation)
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    return await Promise.race([
      operation,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new DeviceError('timeout', {
                message: `Your Ledger did not answer within ${formatSeconds(timeoutMs)} (${what}). Check the device screen: approve or reject the request there, then try again.`,
                details: { timeoutMs, what },
              }),
            ),
          timeoutMs,
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}
