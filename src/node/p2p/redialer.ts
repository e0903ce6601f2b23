/**
 * Keeps the configured peers connected: dials each at start, and again with exponential backoff
 * (plus jitter) whenever it is not connected, for as long as the node runs. Validators restart;
 * libp2p's own reconnect queue gives up after a few tries, so it is not used.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { describeError, type P2PLogger } from './logger'

export interface DialTarget {
  peerId: PeerId
  address: Multiaddr
}

export interface RedialOptions {
  /** Delay before the first redial after a disconnect or failed dial, in ms. */
  initialDelayMs: number
  /** The delay doubles after each failure up to this, in ms. */
  maxDelayMs: number
  /** How long one dial may take, in ms. */
  dialTimeoutMs: number
}

export const DEFAULT_REDIAL_OPTIONS: Readonly<RedialOptions> = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  dialTimeoutMs: 5_000,
}

interface TargetState {
  target: DialTarget
  /** Dials since the last confirmed session; drives the backoff. */
  attempts: number
  timer: ReturnType<typeof setTimeout> | null
  dialing: boolean
}

export class Redialer {
  private readonly targets = new Map<string, TargetState>()
  private abort: AbortController | null = null

  constructor(
    private readonly libp2p: Libp2p,
    targets: readonly DialTarget[],
    private readonly options: RedialOptions,
    private readonly logger: P2PLogger,
  ) {
    for (const target of targets) {
      this.targets.set(target.peerId.toString(), {
        target,
        attempts: 0,
        timer: null,
        dialing: false,
      })
    }
  }

  start(): void {
    this.abort = new AbortController()
    for (const state of this.targets.values()) this.schedule(state, 0)
  }

  stop(): void {
    this.abort?.abort(new Error('p2p node stopping'))
    this.abort = null
    for (const state of this.targets.values()) {
      if (state.timer !== null) clearTimeout(state.timer)
      state.timer = null
    }
  }

  /**
   * Call when a session with the peer is confirmed (streams open both ways): the backoff
   * resets. A bare connection does not count: a peer that refuses us still completes the
   * Noise handshake before closing, and must not be redialed at the initial rate for ever.
   */
  confirmed(peerId: string): void {
    const state = this.targets.get(peerId)
    if (state === undefined) return
    state.attempts = 0
    if (state.timer !== null) clearTimeout(state.timer)
    state.timer = null
  }

  /** Call when a peer's last connection closes: it is dialed again after the backoff. */
  disconnected(peerId: string): void {
    const state = this.targets.get(peerId)
    if (state === undefined) return
    this.schedule(state, this.backoff(state))
  }

  private backoff(state: TargetState): number {
    const { initialDelayMs, maxDelayMs } = this.options
    return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, state.attempts - 1))
  }

  private schedule(state: TargetState, delayMs: number): void {
    if (this.abort === null || state.timer !== null) return
    const jittered = delayMs === 0 ? 0 : Math.round(delayMs * (0.75 + Math.random() * 0.5))
    state.timer = setTimeout(() => {
      state.timer = null
      void this.dial(state)
    }, jittered)
  }

  private isConnected(peerId: PeerId): boolean {
    return this.libp2p.getConnections(peerId).some((c) => c.status === 'open')
  }

  private async dial(state: TargetState): Promise<void> {
    const running = this.abort
    if (running === null || state.dialing) return
    const { peerId, address } = state.target
    if (this.isConnected(peerId)) return
    state.dialing = true
    state.attempts += 1
    try {
      const signal = AbortSignal.any([
        running.signal,
        AbortSignal.timeout(this.options.dialTimeoutMs),
      ])
      await this.libp2p.dial(address, { signal })
      this.logger.debug({ peer: peerId.toString(), attempts: state.attempts }, 'p2p: dialed peer')
    } catch (error) {
      if (running.signal.aborted) return
      this.logger.debug(
        { peer: peerId.toString(), attempts: state.attempts, error: describeError(error) },
        'p2p: dial failed',
      )
    } finally {
      state.dialing = false
    }
    // Keep trying while the peer is not connected (a dial can also succeed and the
    // connection close before this line runs).
    if (this.abort === running && !this.isConnected(peerId)) {
      this.schedule(state, this.backoff(state))
    }
  }
}
