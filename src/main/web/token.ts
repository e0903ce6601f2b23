/**
 * The web bridge's access token: 32 random bytes, printed at start, required on every
 * connection. Compared in constant time (over SHA-256 digests, so lengths never leak either).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new token: 64 hex characters. */
export function newToken(): string {
  return randomBytes(32).toString('hex')
}

/** True when `given` is the token; false for anything else, in constant time. */
export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}
