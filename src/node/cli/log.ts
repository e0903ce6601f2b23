/** Logs: JSON lines (pino) by default, human-readable on a terminal. */
import pino, { type Logger } from 'pino'

export type { Logger }

export function createLogger(
  name: string,
  options: { level?: string; pretty?: boolean } = {},
): Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY)
  const level = options.level ?? process.env['CUSTOS_LOG_LEVEL'] ?? 'info'
  if (pretty) {
    return pino({
      name,
      level,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss.l' },
      },
    })
  }
  return pino({ name, level }, pino.destination(2))
}
