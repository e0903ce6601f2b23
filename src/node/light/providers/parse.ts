/**
 * Decoding of the node's JSON answers (docs/rpc.md) into light blocks and state answers. A
 * shape the client cannot use is `bad-response`; a header whose `hash` field is not the hash of
 * its fields is `forged-header` (the client recomputes every hash anyway and trusts none sent).
 */
import { z } from 'zod'
import type { Validator } from '../../protocol/block'
import type { Hex } from '../../protocol/messages'
import type { StateProof } from '../../protocol/stateProof'
import { commitSchema, headerSchema } from '../../rpc/lightParams'
import { address, bytes32, uint64 } from '../../rpc/params'
import { LightClientError, lightErrors } from '../errors'
import type { LightBlock, StateAnswer } from '../types'

const validatorsSchema = z.array(z.strictObject({ address, power: uint64 })).max(10_000)

const lightBlockSchema = z.object({
  header: headerSchema,
  commit: commitSchema,
  validators: validatorsSchema,
})

const hexBytes = z.string().regex(/^0x(?:[0-9a-fA-F]{2})*$/)

const proofSchema = z.object({
  key: z.string(),
  value: hexBytes.nullable(),
  nodes: z.array(hexBytes).max(64),
})

/** A proven value (`custos_getState`, `custos_getNonce`, …): `{ height, stateRoot, proof }`. */
const provenValueSchema = z.object({
  height: uint64,
  stateRoot: bytes32,
  proof: z.unknown().optional(),
})

/** `custos_getBalances`: one balance asked for, with its proof. */
const balancesSchema = z.object({
  height: uint64,
  stateRoot: bytes32,
  balances: z.array(z.object({ proof: z.unknown().optional() })).length(1),
})

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  return issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'malformed'
}

/** Decodes a `custos_getLightBlock` answer. */
export function parseLightBlock(source: string, json: unknown): LightBlock {
  const parsed = lightBlockSchema.safeParse(json)
  if (parsed.success) {
    const validators: Validator[] = parsed.data.validators
    return { header: parsed.data.header, commit: parsed.data.commit, validators }
  }
  const hashIssue = parsed.error.issues.find((i) => i.path.join('.') === 'header.hash')
  if (hashIssue && typeof json === 'object' && json !== null) {
    const height = (json as { header?: { height?: unknown } }).header?.height
    throw lightErrors.forgedHeader(
      source,
      BigInt(typeof height === 'string' && /^\d+$/.test(height) ? height : 0),
      'its hash field is not the hash of its fields',
    )
  }
  throw lightErrors.badResponse(source, `light block ${firstIssue(parsed.error)}`)
}

/** A proof as sent, or undefined when none was (or it holds no nodes). */
function parseProof(source: string, key: string, proof: unknown): StateProof | undefined {
  if (proof === undefined || proof === null) return undefined
  const parsed = proofSchema.safeParse(proof)
  if (!parsed.success)
    throw new LightClientError(
      'bad-proof',
      lightErrors.badProof(source, key, `the proof is malformed (${firstIssue(parsed.error)})`)
        .message,
      { details: { source, key } },
    )
  if (parsed.data.nodes.length === 0) return undefined
  return {
    key: parsed.data.key,
    value: parsed.data.value as Hex | null,
    nodes: parsed.data.nodes as Hex[],
  }
}

/** Decodes a proven-value answer for `key`. */
export function parseStateAnswer(source: string, key: string, json: unknown): StateAnswer {
  const parsed = provenValueSchema.safeParse(json)
  if (!parsed.success)
    throw lightErrors.badResponse(source, `state answer ${firstIssue(parsed.error)}`)
  const { height, stateRoot, proof } = parsed.data
  return { key, height, stateRoot, proof: parseProof(source, key, proof) }
}

/** Decodes a `custos_getBalances` answer for one symbol. */
export function parseBalanceAnswer(source: string, key: string, json: unknown): StateAnswer {
  const parsed = balancesSchema.safeParse(json)
  if (!parsed.success)
    throw lightErrors.badResponse(source, `balance answer ${firstIssue(parsed.error)}`)
  const { height, stateRoot, balances } = parsed.data
  return { key, height, stateRoot, proof: parseProof(source, key, balances[0]?.proof) }
}
