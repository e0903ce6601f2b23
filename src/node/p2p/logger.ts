/**
 * What the transport logs through: a subset of pino's API, so the node passes its pino child
 * logger and tests pass nothing.
 */
export interface P2PLogger {
  debug(fields: Record<string, unknown>, message: string): void
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

export const silentLogger: P2PLogger = {
  debug() {},
  info() {},
  warn() {},
}

/** A short string for a caught value, for log fields. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
