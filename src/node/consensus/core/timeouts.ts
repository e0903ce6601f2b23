/**
 * Round timeouts. The paper (section 3, "Termination") lets timeoutPropose, timeoutPrevote and
 * timeoutPrecommit grow with the round so that after GST they eventually exceed the message
 * delay: timeoutX(r) = initTimeoutX + r · timeoutDelta.
 */
import type { Step, TimeoutConfig } from './types'

/** Defaults for a 1 s block time. */
export const DEFAULT_TIMEOUTS: Readonly<TimeoutConfig> = Object.freeze({
  proposeMs: 1000,
  proposeDeltaMs: 500,
  prevoteMs: 500,
  prevoteDeltaMs: 250,
  precommitMs: 500,
  precommitDeltaMs: 250,
})

export function timeoutConfig(overrides: Partial<TimeoutConfig> = {}): TimeoutConfig {
  return { ...DEFAULT_TIMEOUTS, ...overrides }
}

/** timeoutX(round) in milliseconds. */
export function timeoutMs(config: TimeoutConfig, step: Step, round: bigint): number {
  const r = Number(round)
  switch (step) {
    case 'propose':
      return config.proposeMs + r * config.proposeDeltaMs
    case 'prevote':
      return config.prevoteMs + r * config.prevoteDeltaMs
    case 'precommit':
      return config.precommitMs + r * config.precommitDeltaMs
  }
}
