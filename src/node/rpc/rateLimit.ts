/**
 * Per-IP token buckets: each IP address may spend `burst` calls at once and regains
 * `perSecond` calls per second. Buckets that have refilled are dropped when the table grows.
 */
import type { RateLimit } from './limits'

interface Bucket {
  tokens: number
  updatedMs: number
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number }

const SWEEP_AT = 10_000

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly limit: RateLimit
  private readonly now: () => number

  constructor(limit: RateLimit, now: () => number) {
    this.limit = limit
    this.now = now
  }

  /**
   * Spends `cost` calls of `ip`'s budget, or refuses without spending any. A cost above the
   * burst costs the whole burst.
   */
  take(ip: string, cost: number): TakeResult {
    const now = this.now()
    const bucket = this.refilled(ip, now)
    const price = Math.min(cost, this.limit.burst)
    if (bucket.tokens >= price) {
      bucket.tokens -= price
      return { ok: true }
    }
    const missing = price - bucket.tokens
    return { ok: false, retryAfterMs: Math.ceil((missing / this.limit.perSecond) * 1000) }
  }

  private refilled(ip: string, now: number): Bucket {
    let bucket = this.buckets.get(ip)
    if (!bucket) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(now)
      bucket = { tokens: this.limit.burst, updatedMs: now }
      this.buckets.set(ip, bucket)
      return bucket
    }
    const elapsed = Math.max(0, now - bucket.updatedMs) / 1000
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + elapsed * this.limit.perSecond)
    bucket.updatedMs = now
    return bucket
  }

  private sweep(now: number): void {
    for (const [ip, bucket] of this.buckets) {
      const elapsed = Math.max(0, now - bucket.updatedMs) / 1000
      if (bucket.tokens + elapsed * this.limit.perSecond >= this.limit.burst)
        this.buckets.delete(ip)
    }
  }
}
