/**
 * The JSON form of a light block in a bundle: a header, the commit that signs it (none for a
 * trusted root that has none, such as genesis) and the validator set that signs it, with the
 * step that verified it. Headers and commits keep their field names so an auditor can read
 * them; the verifier rebuilds the binary forms and recomputes every hash.
 */
import { z } from 'zod'
import type { Commit, Header, Validator } from '../../../protocol/block'
import type { Address, Hex } from '../../../protocol/messages'
import { headerJson, type HeaderJson as RpcHeaderJson } from '../../../rpc/json'
import { address, decimal, hash32, hex } from './jsonSchemas'

/** How a light block was verified: it is the trusted root, or follows the block before it. */
export type LightStep = 'trusted-root' | 'adjacent' | 'skipping'

/** A header, its commit (null only for a trusted root without one) and its signing set. */
export interface BundleLightBlock {
  header: Header
  commit: Commit | null
  validators: Validator[]
}

/** A header's fields as text (the RPC's form without its hash, which is recomputed). */
export type HeaderJson = Omit<RpcHeaderJson, 'hash'>

export interface CommitJson {
  height: string
  round: string
  blockHash: Hex
  signatures: Array<{ validator: Address; signature: Hex }>
}

export interface LightBlockJson {
  step: LightStep
  header: HeaderJson
  commit: CommitJson | null
  validators: Array<{ address: Address; power: string }>
}

export function headerToJson(header: Header): HeaderJson {
  const fields: Partial<RpcHeaderJson> = headerJson(header)
  delete fields.hash
  return fields as HeaderJson
}

export function lightBlockToJson(block: BundleLightBlock, step: LightStep): LightBlockJson {
  const { commit } = block
  return {
    step,
    header: headerToJson(block.header),
    commit: commit && {
      height: commit.height.toString(),
      round: commit.round.toString(),
      blockHash: commit.blockHash,
      signatures: commit.signatures.map((s) => ({
        validator: s.validator,
        signature: s.signature,
      })),
    },
    // canonical order (as the set is hashed): lowercase addresses, sorted
    validators: block.validators
      .map((v) => ({ address: v.address.toLowerCase() as Address, power: v.power.toString() }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
  }
}

const headerSchema = z.strictObject({
  chainId: decimal,
  height: decimal,
  timeMs: decimal,
  lastBlockHash: hash32,
  lastCommitHash: hash32,
  txRoot: hash32,
  stateRoot: hash32,
  validatorsHash: hash32,
  nextValidatorsHash: hash32,
  proposer: address,
})

const commitSchema = z.strictObject({
  height: decimal,
  round: decimal,
  blockHash: hash32,
  signatures: z.array(z.strictObject({ validator: address, signature: hex })),
})

export const lightBlockSchema = z.strictObject({
  step: z.enum(['trusted-root', 'adjacent', 'skipping']),
  header: headerSchema,
  commit: commitSchema.nullable(),
  validators: z.array(z.strictObject({ address, power: decimal })),
})

/** A parsed light block with its declared step. */
export interface ParsedLightBlock {
  step: LightStep
  block: BundleLightBlock
}

/** Parses one light block of a bundle; throws the zod error of the first bad field. */
export function parseLightBlock(value: unknown): ParsedLightBlock {
  const parsed = lightBlockSchema.parse(value)
  return {
    step: parsed.step,
    block: {
      header: parsed.header,
      commit: parsed.commit,
      validators: parsed.validators,
    },
  }
}
