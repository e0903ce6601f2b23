/**
 * Turns whatever a handler threw into the `IpcError` that crosses the bridge: a stable code, a
 * message for people, and details that are safe to show (never a stack). Electron IPC and the
 * web bridge both answer with it.
 */
import { ZodError } from 'zod'
import { ClientError, RpcCallFailed } from '../../node/client'
import { CustosError } from '../../node/protocol/errors'
import type { IpcError, IpcErrorCode } from '../../shared/ipcError'
import { SignerError } from '../../shared/signer'
import { ServiceError } from '../services/errors'

/** A refusal a handler raises on purpose, with the `IpcError` code it answers. */
export class HandlerError extends Error {
  readonly code: IpcErrorCode
  readonly details: Record<string, unknown>

  constructor(code: IpcErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'HandlerError'
    this.code = code
    this.details = details
  }
}

const serviceCodes: Record<ServiceError['code'], IpcErrorCode> = {
  BAD_KEY: 'INTERNAL',
  DEVNET_START: 'NETWORK',
  DEMO_SETUP: 'NETWORK',
  NOT_READY: 'NOT_READY',
  UNKNOWN_ACCOUNT: 'NOT_FOUND',
  BAD_SETTINGS: 'INTERNAL',
  UNKNOWN_EXPORT: 'NOT_FOUND',
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof HandlerError)
    return { code: error.code, message: error.message, details: error.details }
  if (error instanceof ZodError)
    return {
      code: 'INVALID_REQUEST',
      message: error.issues
        .map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`)
        .join('; '),
      details: {
        issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      },
    }
  if (error instanceof ServiceError)
    return {
      code: serviceCodes[error.code],
      message: error.message,
      details: { reason: error.code },
    }
  if (error instanceof ClientError) {
    if (error instanceof RpcCallFailed && error.rpcCode === -32004)
      return { code: 'NOT_FOUND', message: error.message }
    if (error instanceof RpcCallFailed && error.rpcCode === -32602)
      return { code: 'INVALID_REQUEST', message: error.message }
    return {
      code: 'NETWORK',
      message: error.message,
      details: { reason: error.code, ...error.details },
    }
  }
  if (error instanceof SignerError)
    return { code: 'DEVICE', message: error.message, details: { reason: error.code } }
  if (error instanceof CustosError)
    return {
      code: error.code === 'INVALID_VALUE' ? 'INVALID_REQUEST' : 'NETWORK',
      message: error.message,
      details: { reason: error.code },
    }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }
}
