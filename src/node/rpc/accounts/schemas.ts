/** zod schemas of account params: proposal statuses and a drafted `Action`. */
import { z } from 'zod'
import type { Address, Hex } from '../../protocol/messages'
import { accountActionKinds } from '../../protocol/txTypes'
import type { ProposalStatus } from '../../state/accounts'
import { address, bytes32, uint256 } from '../params'

const statuses = [
  'pending',
  'approved',
  'executed',
  'rejected',
  'expired',
  'cancelled',
  'failed',
] as const satisfies readonly ProposalStatus[]

export const proposalStatus = z.enum(statuses, {
  error: `must be one of ${statuses.join(', ')}`,
})

const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000'
const ZERO_BYTES32: Hex = `0x${'0'.repeat(64)}`

/** An `Action` as drafted: `kind` is required, the other fields default to zero / empty. */
export const draftAction = z.strictObject(
  {
    kind: z.enum(accountActionKinds, {
      error: `must be one of ${accountActionKinds.join(', ')}`,
    }),
    symbol: z.string().max(12).default(''),
    counterparty: address.default(ZERO_ADDRESS),
    amount: uint256.default(0n),
    reference: bytes32.default(ZERO_BYTES32),
  },
  { error: 'must be an object { kind, symbol?, counterparty?, amount?, reference? }' },
)
