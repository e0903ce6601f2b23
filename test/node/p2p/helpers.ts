import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import { P2PError, type P2PErrorCode, type P2PLogger } from '../../../src/node/p2p'

/** A deterministic node key per seed (SHA-256 of a label: a valid secp256k1 scalar). */
export function testNodeKey(seed: number): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`custos-p2p-test-${seed}`).digest())
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn'
  fields: Record<string, unknown>
  message: string
}

export function recordingLogger(): { logger: P2PLogger; entries: LogEntry[] } {
  const entries: LogEntry[] = []
  const record =
    (level: LogEntry['level']) =>
    (fields: Record<string, unknown>, message: string): void => {
      entries.push({ level, fields, message })
    }
  return { logger: { debug: record('debug'), info: record('info'), warn: record('warn') }, entries }
}

/** Awaits `promise`, expecting it to reject with a P2PError of `code`; returns the error. */
export async function expectP2PError(
  promise: Promise<unknown>,
  code: P2PErrorCode,
): Promise<P2PError> {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(caught, 'expected a rejection').toBeInstanceOf(P2PError)
  expect((caught as P2PError).code).toBe(code)
  return caught as P2PError
}

export const text = new TextEncoder()
export const untext = new TextDecoder()
