/**
 * Turns a failed bridge call into a sentence for people: what happened and what to do next,
 * keyed on the stable `IpcError` code (never a stack trace; STYLE.md, "Errors").
 */
import { isIpcError, type IpcErrorCode } from '../shared/ipcError'

const NEXT_STEP: Record<IpcErrorCode, string> = {
  INVALID_REQUEST: 'This is a bug in Custos; please report it.',
  UNKNOWN_CHANNEL: 'The app and its services are different versions; restart Custos.',
  UNAUTHORIZED: 'Reopen the page with the link (and token) printed by Custos.',
  NOT_FOUND: 'Check that it still exists, then try again.',
  NETWORK: 'Check that the network nodes are running and reachable; Custos keeps retrying.',
  DEVICE: 'Connect and unlock the device, open its app, then try again.',
  NOT_READY: 'The services are still starting; this clears by itself in a few seconds.',
  INTERNAL: 'Try again; if it keeps happening, restart Custos.',
}

/** `"<what happened>. <what to do>"` for any thrown value. */
export function describeError(error: unknown): string {
  if (isIpcError(error)) {
    const code = error.code as IpcErrorCode
    const next = NEXT_STEP[code] ?? NEXT_STEP.INTERNAL
    return `${withStop(error.message)} ${next}`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `${withStop(message)} ${NEXT_STEP.INTERNAL}`
}

function withStop(message: string): string {
  const trimmed = message.trim()
  if (trimmed === '') return 'Something went wrong.'
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(first) ? first : `${first}.`
}
