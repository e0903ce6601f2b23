/**
 * Electron IPC plumbing for the contract in `src/shared/ipc.ts` (ARCHITECTURE.md, "Desktop
 * app": every IPC input validated with zod and its sender frame checked).
 *
 * One `ipcMain.handle` per contract channel. Each call is checked before anything runs:
 * 1. the sender must be the main window's top frame, showing the app's own origin
 *    (Electron security checklist, item 17, "Validate the sender of all IPC messages");
 * 2. the payload must parse with the channel's zod request schema.
 * A refused call answers `{ ok: false, error }` with a typed `IpcError` — it never throws
 * across IPC (Electron would flatten the error into a string) and never runs the handler.
 * A handler's own failure is answered the same way, without its stack.
 *
 * `ipcMain`, the window and the app URL are injected, so all of it is tested in Node.
 */
import type { IpcMain } from 'electron'
import {
  ipcContract,
  type IpcChannel,
  type IpcParsedRequest,
  type IpcResponse,
} from '../shared/ipc'
import { isIpcError, type IpcError, type IpcErrorCode } from '../shared/ipcError'
import { isSameOrigin } from './security/origin'

/** What a handled call answers over Electron IPC; the preload unwraps it. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Answers one channel's validated request. */
export type IpcHandler<C extends IpcChannel> = (
  request: IpcParsedRequest<C>,
) => IpcResponse<C> | Promise<IpcResponse<C>>

/**
 * The services' answers, one per channel. A channel without a handler (a service not wired
 * yet) answers `NOT_READY` rather than failing to register.
 */
export type IpcHandlers = { [C in IpcChannel]?: IpcHandler<C> }

/** The parts of Electron's `ipcMain` this file uses. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>

/** The parts of an IPC event the sender check reads. */
export interface IpcSenderEvent {
  sender: unknown
  senderFrame: { url: string } | null
}

/** The parts of the main window the sender check reads. */
export interface IpcTrustedWindow {
  isDestroyed(): boolean
  webContents: { mainFrame: unknown }
}

export interface RegisterIpcHandlersParameters {
  ipcMain: IpcMainLike
  handlers: IpcHandlers
  /** The window whose main frame may call IPC, or null while there is none. */
  getMainWindow: () => IpcTrustedWindow | null
  /** The URL the renderer is loaded from; the sender's frame must have its origin. */
  appUrl: URL
  /** Told about every handler failure (for the log). */
  onHandlerError?: (channel: IpcChannel, error: unknown) => void
  /** Maps a handler's failure to its answer; defaults to `toIpcError` below. */
  toIpcError?: (error: unknown) => IpcError
}

/** How a call is answered besides its handlers. */
export interface DispatchIpcOptions {
  onHandlerError?: (channel: IpcChannel, error: unknown) => void
  toIpcError?: (error: unknown) => IpcError
}

const IPC_ERROR_CODES: ReadonlySet<IpcErrorCode> = new Set<IpcErrorCode>([
  'INVALID_REQUEST',
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'NETWORK',
  'DEVICE',
  'NOT_READY',
  'INTERNAL',
])

/**
 * True only for the main frame of the main window, at the app's origin. Subframes, other
 * windows, destroyed frames and navigated-away pages are refused.
 */
export function isTrustedSender(
  event: IpcSenderEvent,
  window: IpcTrustedWindow | null,
  appUrl: URL,
): boolean {
  const frame = event.senderFrame
  if (window === null || window.isDestroyed() || frame === null) return false
  if (event.sender !== window.webContents || frame !== window.webContents.mainFrame) return false
  return isSameOrigin(frame.url, appUrl)
}

/**
 * The `IpcError` a handler's failure is answered with: an `IpcError`-shaped error keeps its
 * code, message and details; a domain error (a `code` and `details`, STYLE.md "Errors")
 * keeps its message for people; anything else becomes a generic message, so no stack or
 * internal detail reaches the renderer.
 */
export function toIpcError(error: unknown): IpcError {
  if (isIpcError(error) && IPC_ERROR_CODES.has(error.code)) {
    const { code, message, details } = error
    return details === undefined ? { code, message } : { code, message, details }
  }
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    'details' in error
  ) {
    return { code: 'INTERNAL', message: error.message, details: { cause: error.code } }
  }
  return {
    code: 'INTERNAL',
    message: 'Custos could not complete this request. The log has the details.',
  }
}

/** Validates a payload against a channel's request schema. */
export function parseIpcRequest<C extends IpcChannel>(
  channel: C,
  payload: unknown,
): IpcResult<IpcParsedRequest<C>> {
  const parsed = ipcContract[channel].request.safeParse(payload)
  if (parsed.success) return { ok: true, value: parsed.data as IpcParsedRequest<C> }
  return {
    ok: false,
    error: {
      code: 'INVALID_REQUEST',
      message: `The request to ${channel} is not valid.`,
      details: {
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.map(String),
          message: issue.message,
        })),
      },
    },
  }
}

/** Validates and answers one call, whoever transports it. Never throws. */
export async function dispatchIpc<C extends IpcChannel>(
  handlers: IpcHandlers,
  channel: C,
  payload: unknown,
  { onHandlerError, toIpcError: answerFor = toIpcError }: DispatchIpcOptions = {},
): Promise<IpcResult<IpcResponse<C>>> {
  const request = parseIpcRequest(channel, payload)
  if (!request.ok) return request
  const handler = handlers[channel] as IpcHandler<C> | undefined
  if (handler === undefined) {
    return { ok: false, error: { code: 'NOT_READY', message: `${channel} is not available yet.` } }
  }
  try {
    return { ok: true, value: await handler(request.value) }
  } catch (error) {
    onHandlerError?.(channel, error)
    return { ok: false, error: answerFor(error) }
  }
}

/**
 * Registers one `ipcMain.handle` per contract channel. Returns a function that removes them.
 *
 * @example
 * ```ts
 * const unregister = registerIpcHandlers({
 *   ipcMain, handlers, appUrl, getMainWindow: () => mainWindow,
 * })
 * ```
 */
export function registerIpcHandlers({
  ipcMain,
  handlers,
  getMainWindow,
  appUrl,
  onHandlerError,
  toIpcError: answerFor,
}: RegisterIpcHandlersParameters): () => void {
  const channels = Object.keys(ipcContract) as IpcChannel[]
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, getMainWindow(), appUrl)) {
        return {
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            message: `${channel} refused: the sender is not the Custos window.`,
          },
        }
      }
      return dispatchIpc(handlers, channel, payload, { onHandlerError, toIpcError: answerFor })
    })
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
