/**
 * zod schemas of headers, commits and fork evidence in RPC params (`custos_submitEvidence`),
 * in the encoding the node answers them in (docs/rpc.md, "Encoding"): the inverse of
 * `headerJson` / `commitJson`. A header may carry its `hash`; it must then be the real one.
 */
import { z } from 'zod'
import { headerHash, type Commit, type Header } from '../protocol/block'
import type { ForkEvidence } from '../chain/evidence'
import type { Hex } from '../protocol/messages'
import { address, bytes32, uint64, uint256 } from './params'

const signature = z
  .string({ error: 'must be a 65-byte 0x-hex signature' })
  .regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte 0x-hex signature')
  .transform((v) => v.toLowerCase() as Hex)

export const headerSchema = z
  .strictObject({
    chainId: uint256,
    height: uint64,
    timeMs: uint64,
    lastBlockHash: bytes32,
    lastCommitHash: bytes32,
    txRoot: bytes32,
    stateRoot: bytes32,
    validatorsHash: bytes32,
    nextValidatorsHash: bytes32,
    proposer: address,
    hash: bytes32.optional(),
  })
  // headerHash reads the header's fields only, so the `hash` field does not disturb it
  .refine((h) => h.hash === undefined || h.hash === headerHash(h), {
    error: 'hash is not the hash of these header fields',
    path: ['hash'],
  })
  .transform((h): Header => ({
    chainId: h.chainId,
    height: h.height,
    timeMs: h.timeMs,
    lastBlockHash: h.lastBlockHash,
    lastCommitHash: h.lastCommitHash,
    txRoot: h.txRoot,
    stateRoot: h.stateRoot,
    validatorsHash: h.validatorsHash,
    nextValidatorsHash: h.nextValidatorsHash,
    proposer: h.proposer,
  }))

export const commitSchema = z.strictObject({
  height: uint64,
  round: uint64.refine((v) => v < 2n ** 32n, 'does not fit in uint32'),
  blockHash: bytes32,
  signatures: z
    .array(z.strictObject({ validator: address, signature }))
    .max(1_000, 'holds more than 1,000 signatures'),
}) satisfies z.ZodType<Commit, unknown>

const signedHeaderSchema = z.strictObject({ header: headerSchema, commit: commitSchema })

export const forkEvidenceSchema = z.strictObject({
  height: uint64,
  primary: signedHeaderSchema,
  witness: signedHeaderSchema,
}) satisfies z.ZodType<ForkEvidence, unknown>
