/**
 * One request at a time per device. A Ledger handles a single APDU exchange at a time and the
 * Ethereum app keeps EIP-712 state across the exchanges of one signature, so two interleaved
 * requests would corrupt each other (the transport itself answers a second concurrent
 * exchange with `TransportRaceCondition`). Requests to the same device wait in order; requests
 * to different devices run in parallel.
 *
 * A request whose caller gave up (a timeout) keeps its place until the device really answers:
 * the next request must not start while the device still shows the previous one. Tasks
 * therefore `track` every device operation they start; the device is free once the task has
 * settled and every tracked operation has too.
 */
import { DeviceError } from './errors'

export interface EnqueueOptions {
  /** Give up with `DeviceError('busy')` if the device is still taken after this long. */
  waitMs?: number
}

/** Registers a device operation that must finish before the next request may start. */
export type Track = (operation: Promise<unknown>) => void

export class DeviceQueue {
  /** Per device: settles when the last request queued so far has finished on the device. */
  private readonly tails = new Map<string, Promise<void>>()

  /** Runs `task` once every earlier task for `deviceId` has finished on the device. */
  async run<T>(
    deviceId: string,
    task: (track: Track) => Promise<T>,
    options: EnqueueOptions = {},
  ): Promise<T> {
    const before = this.tails.get(deviceId) ?? Promise.resolve()
    let release: () => void = () => undefined
    const mine = new Promise<void>((resolve) => (release = resolve))
    const tail = before.then(() => mine)
    this.tails.set(deviceId, tail)
    void tail.then(() => {
      if (this.tails.get(deviceId) === tail) this.tails.delete(deviceId)
    })

    try {
      await waitTurn(before, options.waitMs)
    } catch (error) {
      // a request that gave up waiting frees its place as soon as its turn comes
      void before.then(release)
      throw error
    }
    const operations: Promise<unknown>[] = []
    const result = task((operation) => {
      operations.push(operation.catch(() => undefined))
    })
    void result
      .catch(() => undefined)
      .then(() => Promise.all(operations))
      .then(release)
    return result
  }

  /** True while a request for `deviceId` is running or waiting. */
  isBusy(deviceId: string): boolean {
    return this.tails.has(deviceId)
  }
}

async function waitTurn(before: Promise<void>, waitMs: number | undefined): Promise<void> {
  if (waitMs === undefined) return before
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await Promise.race([
      before,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new DeviceError('busy', {
                message:
                  'Your Ledger is still showing an earlier request. Approve or reject it on the device, then try again.',
                details: { waitedMs: waitMs },
              }),
            ),
          waitMs,
        )
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
