/** State keys. Part of the protocol: proofs name these keys. */
import type { Address, Hex } from '../protocol/messages'

export const keys = {
  chain: () => 'chain',
  params: () => 'params',
  /** The set that signs the next block (head + 1). */
  validators: () => 'validators',
  /** The set that signs the block after it (head + 2). */
  nextValidators: () => 'validators/next',
  /** The set that signed the head block. */
  lastValidators: () => 'validators/last',
  /** Changes decided in the current block (applied at its end, effective two blocks later). */
  pendingValidatorUpdates: () => 'validators/pending',
  nonce: (signer: Address) => `nonce/${signer}`,
  participant: (address: Address) => `participant/${address}`,
  token: (symbol: string) => `token/${symbol}`,
  /** Every token symbol, in creation order. */
  tokenSymbols: () => 'tokens',
  balance: (symbol: string, holder: Address) => `balance/${symbol}/${holder}`,
  freeze: (symbol: string, holder: Address) => `freeze/${symbol}/${holder}`,
  sent: (symbol: string, holder: Address) => `sent/${symbol}/${holder}`,
  instruction: (id: Hex) => `instruction/${id}`,
  pendingInstructions: () => 'instructions/pending',
  account: (address: Address) => `account/${address}`,
  proposal: (id: Hex) => `proposal/${id}`,
  /** Every proposal id of one account, oldest first. */
  accountProposals: (account: Address) => `proposals/${account}`,
  /** Ids of proposals that are pending or approved (open), across accounts. */
  openProposals: () => 'proposals/open',
  govProposal: (id: Hex) => `gov/proposal/${id}`,
  /** Every governance proposal id, oldest first. */
  govProposals: () => 'gov/proposals',
  /** Ids of governance proposals still in their voting period. */
  votingGovProposals: () => 'gov/voting',
  /** The software upgrade plan decided by governance, if any. */
  upgradePlan: () => 'gov/upgrade',
} as const
