/**
 * The network screen: the chain head, how far the light client has verified it, the peers
 * and the validator set with voting power, the latest blocks, and fork evidence alerts.
 */
import { z } from 'zod'
import { address, bytes32, decimal } from './values'

const validator = z.object({ address, power: decimal, name: z.string().optional() })

const block = z.object({
  height: decimal,
  hash: bytes32,
  timeMs: decimal,
  proposer: address,
  txCount: z.number(),
})

const evidenceAlert = z.object({
  height: decimal,
  /** What people are told: which node disagreed with the primary, at which height. */
  message: z.string(),
  primaryHash: bytes32,
  witnessHash: bytes32,
  atMs: z.number(),
})

export const networkChannels = {
  'custos:network-status': {
    request: z.strictObject({
      /** How many of the latest blocks to include (default 10). */
      latestBlocks: z.number().int().min(0).max(50).optional(),
    }),
    response: z.object({
      /** `embedded-devnet` (the built-in demo network) or `remote` (an RPC URL + trusted root). */
      mode: z.enum(['embedded-devnet', 'remote']),
      chainId: decimal,
      rpcUrl: z.string(),
      height: decimal,
      latestBlockTimeMs: decimal,
      peers: z.number(),
      pendingTxs: z.number(),
      nodeVersion: z.string(),
      /** The light client's verified height and how far that is toward the head (0 … 1). */
      sync: z.object({
        verifiedHeight: decimal,
        targetHeight: decimal,
        progress: z.number(),
        /** Why the last sync failed (a node down, a header that did not verify), if it did. */
        error: z.string().optional(),
      }),
      validators: z.array(validator),
      totalVotingPower: decimal,
      latestBlocks: z.array(block),
      evidence: z.array(evidenceAlert),
    }),
  },
} as const
