/**
 * The signer's "last sign state" file: the validator, the chain and the last thing it signed
 * (height, round, step, block hash, digest and signature), as one small JSON document with a
 * CRC-32 over its canonical body:
 *
 *   {"version":1,"validator":"0x…","chainId":"7001",
 *    "last":{"height":"5","round":"0","step":"prevote","blockHash":"0x…","digest":"0x…",
 *            "signature":"0x…"},
 *    "crc32":"<8 hex digits>"}
 *
 * `last` is null until the first signature. Reading checks every field, the checksum and that
 * the stored signature recovers the validator's address over the stored digest; any defect is a
 * `SignStateCorrupt`, never a silent reset.
 */
import { readFileSync } from 'node:fs'
import { fromHex, utf8 } from '../../protocol/hash'
import type { Address, Hex } from '../../protocol/messages'
import { nobleRecoverAddress, parseSignature, type RecoverAddress } from '../../protocol/signature'
import { crc32 } from './crc32'
import { replaceFileDurably } from './durableFile'
import { SignStateCorrupt, type SignPosition, type SignStep } from './errors'

export const SIGN_STATE_VERSION = 1

/** One signature the validator gave, with where it was given. */
export interface SignedStep extends SignPosition {
  blockHash: Hex
  /** The 32-byte digest that was signed. */
  digest: Hex
  /** 65-byte r ‖ s ‖ v signature over `digest`. */
  signature: Hex
}

export interface SignState {
  validator: Address
  chainId: bigint
  /** The last signature, or undefined if the validator has never signed. */
  last: SignedStep | undefined
}

/** Order of the steps within a round: a signature may only move forward. */
export const STEP_ORDER: Readonly<Record<SignStep, number>> = {
  propose: 1,
  prevote: 2,
  precommit: 3,
}

const HASH = /^0x[0-9a-f]{64}$/
const ADDRESS = /^0x[0-9a-f]{40}$/
const DECIMAL = /^(0|[1-9][0-9]*)$/

/** The canonical body (fixed key order) that the checksum covers. */
function canonicalBody(state: SignState): string {
  const last = state.last
  return JSON.stringify({
    version: SIGN_STATE_VERSION,
    validator: state.validator,
    chainId: state.chainId.toString(),
    last:
      last === undefined
        ? null
        : {
            height: last.height.toString(),
            round: last.round.toString(),
            step: last.step,
            blockHash: last.blockHash,
            digest: last.digest,
            signature: last.signature,
          },
  })
}

function checksum(body: string): string {
  return crc32(utf8(body)).toString(16).padStart(8, '0')
}

export function encodeSignState(state: SignState): string {
  const body = canonicalBody(state)
  return `${body.slice(0, -1)},"crc32":"${checksum(body)}"}\n`
}

/** Decodes and checks a state file's text; `path` only names the file in errors. */
export function decodeSignState(
  text: string,
  path: string,
  recover: RecoverAddress = nobleRecoverAddress,
): SignState {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (cause) {
    throw new SignStateCorrupt(path, 'is not valid JSON (truncated or overwritten?)', { cause })
  }
  const bad = (problem: string): never => {
    throw new SignStateCorrupt(path, problem)
  }
  if (typeof doc !== 'object' || doc === null) return bad('is not a JSON object')
  const o = doc as Record<string, unknown>
  if (o['version'] !== SIGN_STATE_VERSION)
    bad(
      `has version ${JSON.stringify(o['version'])}; this node reads version ${SIGN_STATE_VERSION}`,
    )
  const field = (obj: Record<string, unknown>, name: string, pattern: RegExp): string => {
    const value = obj[name]
    if (typeof value !== 'string' || !pattern.test(value))
      bad(`has an invalid ${name}: ${JSON.stringify(value)}`)
    return value as string
  }
  const validator = field(o, 'validator', ADDRESS) as Address
  const chainId = BigInt(field(o, 'chainId', DECIMAL))
  let last: SignedStep | undefined
  const rawLast = o['last']
  if (rawLast !== null) {
    if (typeof rawLast !== 'object') return bad('has an invalid last')
    const l = rawLast as Record<string, unknown>
    const step = l['step']
    if (step !== 'propose' && step !== 'prevote' && step !== 'precommit')
      bad(`has an invalid step: ${JSON.stringify(step)}`)
    last = {
      height: BigInt(field(l, 'height', DECIMAL)),
      round: BigInt(field(l, 'round', DECIMAL)),
      step: step as SignStep,
      blockHash: field(l, 'blockHash', HASH) as Hex,
      digest: field(l, 'digest', HASH) as Hex,
      signature: field(l, 'signature', /^0x[0-9a-f]{130}$/) as Hex,
    }
  }
  const state: SignState = { validator, chainId, last }
  const expected = checksum(canonicalBody(state))
  if (o['crc32'] !== expected)
    bad(`fails its checksum (crc32 ${JSON.stringify(o['crc32'])}, content gives ${expected})`)
  if (last !== undefined) {
    let signer: string
    try {
      signer = recover(fromHex(last.digest), parseSignature(last.signature))
    } catch (cause) {
      throw new SignStateCorrupt(path, 'holds an invalid signature', { cause })
    }
    if (signer.toLowerCase() !== validator)
      bad(`holds a signature by ${signer}, not by its validator ${validator}`)
  }
  return state
}

/** Reads and checks the state file; throws `SignStateCorrupt` if it is missing or damaged. */
export function readSignState(path: string, recover?: RecoverAddress): SignState {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new SignStateCorrupt(
      path,
      missing
        ? 'does not exist (a new validator initializes it once with SafeSigner.initialize)'
        : 'cannot be read',
      { cause },
    )
  }
  return decodeSignState(text, path, recover)
}

/** Replaces the state file durably (temp file, fsync, rename, fsync of the directory). */
export function writeSignState(path: string, state: SignState): void {
  replaceFileDurably(path, encodeSignState(state))
}
