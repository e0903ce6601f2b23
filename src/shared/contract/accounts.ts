/**
 * Accounts: the multi-approver accounts the institution follows, each with its rules in words,
 * holdings and proposals; explanations of what the policy decides for a draft or a proposal;
 * and the actions a member signs on a device: propose a transfer or the affirmation of
 * the account's leg of a DvP instruction, approve or reject a proposal.
 */
import { z } from 'zod'
import { address, amount, bytes32, decimal, deviceKey, symbol } from './values'

const proposalStatus = z.enum([
  'pending',
  'approved',
  'executed',
  'rejected',
  'expired',
  'cancelled',
  'failed',
])

const proposal = z.object({
  id: bytes32,
  account: address,
  /** One line for people, e.g. "transfer 100.00 EURD to 0x…". */
  summary: z.string(),
  kind: z.string(),
  initiator: address,
  status: proposalStatus,
  createdAt: decimal,
  createdTimeMs: decimal,
  rule: z.object({ index: z.number(), name: z.string() }),
  approvals: z.array(address),
  rejections: z.array(z.object({ member: address, reason: z.string() })),
  expiresAt: decimal,
  executableAt: decimal,
  reason: z.string(),
})

const explanation = z.object({
  account: address,
  height: decimal,
  /** What the policy decides, in one sentence. */
  summary: z.string(),
  /** The explanation line by line (rule matched, approvals still needed, timelock, …). */
  lines: z.array(z.string()),
})

const sentTx = z.object({ id: bytes32, height: decimal, signer: address })

const withAccount = { account: address }

export const accountsChannels = {
  'custos:accounts-list': {
    request: z.strictObject({}),
    response: z.object({
      accounts: z.array(z.object({ address, name: z.string(), label: z.string() })),
      /** Institutions the accounts trade with (on the devnet: demo Dave). */
      counterparties: z.array(z.object({ address, name: z.string() })),
    }),
  },
  'custos:account-details': {
    request: z.strictObject(withAccount),
    response: z.object({
      address,
      name: z.string(),
      policyVersion: decimal,
      members: z.array(address),
      groups: z.record(z.string(), z.array(address)),
      /** Each rule in words, in order, then the admin rule. */
      rules: z.array(z.string()),
      height: decimal,
    }),
  },
  'custos:account-holdings': {
    request: z.strictObject(withAccount),
    response: z.object({
      address,
      height: decimal,
      holdings: z.array(
        z.object({ symbol: z.string(), amount: decimal, decimals: z.number(), name: z.string() }),
      ),
    }),
  },
  'custos:account-proposals': {
    request: z.strictObject({
      ...withAccount,
      status: proposalStatus.optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    response: z.object({ total: z.number(), proposals: z.array(proposal) }),
  },
  'custos:explain-draft-transfer': {
    request: z.strictObject({
      ...withAccount,
      symbol,
      to: address,
      amount,
      initiator: address.optional(),
    }),
    response: explanation,
  },
  'custos:explain-proposal': {
    request: z.strictObject({ ...withAccount, proposalId: bytes32 }),
    response: explanation,
  },
  'custos:propose-transfer': {
    request: z.strictObject({ ...withAccount, symbol, to: address, amount, signer: deviceKey }),
    response: sentTx,
  },
  'custos:propose-dvp-affirmation': {
    request: z.strictObject({
      ...withAccount,
      /** The DvP instruction (its id is the id of the transaction that created it). */
      instructionId: bytes32,
      /** The account's leg, as the instruction states it: what it delivers, and to whom. */
      symbol,
      to: address,
      amount,
      signer: deviceKey,
    }),
    response: sentTx,
  },
  'custos:approve-proposal': {
    request: z.strictObject({ ...withAccount, proposalId: bytes32, signer: deviceKey }),
    response: sentTx,
  },
  'custos:reject-proposal': {
    request: z.strictObject({
      ...withAccount,
      proposalId: bytes32,
      reason: z.string().min(1).max(500),
      signer: deviceKey,
    }),
    response: sentTx,
  },
} as const
