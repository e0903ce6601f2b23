/**
 * Governance: the network's proposals with their live or final tallies, and what a validator
 * signs on a device: a (text) proposal, a vote.
 */
import { z } from 'zod'
import { address, bytes32, decimal, deviceKey } from './values'

const govStatus = z.enum(['voting', 'passed', 'rejected', 'vetoed', 'no-quorum', 'failed'])
const voteOption = z.enum(['yes', 'no', 'abstain', 'veto'])

const tally = z.object({
  yes: decimal,
  no: decimal,
  abstain: decimal,
  veto: decimal,
  totalPower: decimal,
  votedPower: decimal,
  quorumReached: z.boolean(),
  /** Final once voting ended; otherwise the outcome if voting ended now. */
  isFinal: z.boolean(),
  /** The tally in words, e.g. "yes 20 of 40 (50%) …". */
  words: z.string(),
})

const govProposal = z.object({
  id: bytes32,
  title: z.string(),
  description: z.string(),
  /** What it does, in words. */
  action: z.string(),
  proposer: address,
  submittedAt: decimal,
  votingEndsAt: decimal,
  blocksLeft: decimal,
  status: govStatus,
  reason: z.string(),
  votes: z.array(z.object({ voter: address, option: voteOption })),
  tally,
})

const sentTx = z.object({ id: bytes32, height: decimal, signer: address })

export const governanceChannels = {
  'custos:gov-list': {
    request: z.strictObject({
      status: govStatus.optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    response: z.object({ height: decimal, total: z.number(), proposals: z.array(govProposal) }),
  },
  'custos:gov-show': {
    request: z.strictObject({ id: bytes32 }),
    response: govProposal,
  },
  'custos:gov-propose-text': {
    request: z.strictObject({
      title: z.string().trim().min(1).max(200),
      description: z.string().max(10_000).optional(),
      signer: deviceKey,
    }),
    response: sentTx,
  },
  'custos:gov-vote': {
    request: z.strictObject({ proposalId: bytes32, option: voteOption, signer: deviceKey }),
    response: sentTx,
  },
} as const
