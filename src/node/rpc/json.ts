/**
 * How protocol objects are written in RPC results: integers (bigints) as decimal strings,
 * bytes as 0x-hex, objects with the protocol's field names (docs/rpc.md, "Encoding").
 */
import { headerHash, type Commit, type Header, type Validator } from '../protocol/block'
import { toHex } from '../protocol/hash'
import type { Address, Hex } from '../protocol/messages'

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A decoded protocol or state value as JSON: bigints become decimal strings, bytes hex. */
export function toJson(value: unknown): JsonValue {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return toHex(value)
  if (Array.isArray(value)) return value.map(toJson)
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {}
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toJson(v)
    return out
  }
  if (value === undefined) return null
  return value as string | number | boolean | null
}

/**
 * The JSON form of a decoded record type, as `toJson` writes it: bigints become decimal
 * strings, everything else keeps its shape. Lets result types name their fields exactly.
 */
export type Jsonified<T> = T extends bigint
  ? string
  : T extends Uint8Array
    ? Hex
    : T extends ReadonlyArray<infer U>
      ? Jsonified<U>[]
      : T extends object
        ? { [K in keyof T]: Jsonified<T[K]> }
        : T

/** `toJson` with the precise result type of `value`'s type. */
export function toJsonAs<T>(value: T): Jsonified<T> {
  return toJson(value) as Jsonified<T>
}

/** A header as JSON: integers as decimal strings, hashes and the proposer as hex, plus its hash. */
export interface HeaderJson {
  chainId: string
  height: string
  timeMs: string
  lastBlockHash: Hex
  lastCommitHash: Hex
  txRoot: Hex
  stateRoot: Hex
  validatorsHash: Hex
  nextValidatorsHash: Hex
  proposer: Address
  hash: Hex
}

/** A header's fields plus its hash (keccak256 of its RLP; clients can recompute it). */
export function headerJson(header: Header): HeaderJson {
  return {
    chainId: header.chainId.toString(),
    height: header.height.toString(),
    timeMs: header.timeMs.toString(),
    lastBlockHash: header.lastBlockHash,
    lastCommitHash: header.lastCommitHash,
    txRoot: header.txRoot,
    stateRoot: header.stateRoot,
    validatorsHash: header.validatorsHash,
    nextValidatorsHash: header.nextValidatorsHash,
    proposer: header.proposer,
    hash: headerHash(header),
  }
}

export interface CommitJson {
  height: string
  round: string
  blockHash: Hex
  signatures: Array<{ validator: string; signature: Hex }>
}

export function commitJson(commit: Commit): CommitJson {
  return {
    height: commit.height.toString(),
    round: commit.round.toString(),
    blockHash: commit.blockHash,
    signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: s.signature })),
  }
}

export interface ValidatorJson {
  address: Address
  power: string
}

/** A validator set as `[{ address, power }]` with powers as decimal strings. */
export function validatorsJson(validators: readonly Validator[]): ValidatorJson[] {
  return validators.map((v) => ({ address: v.address, power: v.power.toString() }))
}

/** JSON text of a response; a stray bigint becomes a decimal string rather than a crash. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}
