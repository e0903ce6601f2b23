/**
 * The shape of an RPC method: a name, whether it reads private data, a zod schema of its params
 * (without `auth`, which the dispatcher checks for private methods) and a synchronous handler.
 * Handlers run to completion without awaiting, so each sees one consistent head and state.
 */
import type { z } from 'zod'
import type { Address } from '../protocol/messages'
import type { RpcBackend } from './backend'
import type { RpcLimits } from './limits'
import type { SubmittedTxs } from './submittedTxs'

/** What every call can use. */
export interface RpcContext {
  backend: RpcBackend
  limits: RpcLimits
  /** Server clock, unix milliseconds. */
  now(): number
  submitted: SubmittedTxs
}

export interface RpcCall {
  ctx: RpcContext
  /** The request's params as sent (with `auth`), for methods that authenticate themselves. */
  raw: Readonly<Record<string, unknown>>
  method: string
}

export interface RpcMethod {
  name: string
  access: 'public' | 'private'
  params: z.ZodType
  /** Runs with validated params; `reader` is the authenticated signer of a private call. */
  run(params: unknown, call: RpcCall, reader: Address | undefined): unknown
}

export interface PublicMethodDefinition<S extends z.ZodType> {
  name: string
  params: S
  handle(params: z.output<S>, call: RpcCall): unknown
}

export interface PrivateMethodDefinition<S extends z.ZodType> {
  name: string
  params: S
  /** `reader` has proven its address; the handler decides what it may read. */
  handle(params: z.output<S>, call: RpcCall, reader: Address): unknown
}

export function publicMethod<S extends z.ZodType>(def: PublicMethodDefinition<S>): RpcMethod {
  return {
    name: def.name,
    access: 'public',
    params: def.params,
    run: (params, call) => def.handle(params as z.output<S>, call),
  }
}

export function privateMethod<S extends z.ZodType>(def: PrivateMethodDefinition<S>): RpcMethod {
  return {
    name: def.name,
    access: 'private',
    params: def.params,
    run: (params, call, reader) => {
      if (reader === undefined) throw new Error(`${def.name} ran without an authenticated reader`)
      return def.handle(params as z.output<S>, call, reader)
    },
  }
}
