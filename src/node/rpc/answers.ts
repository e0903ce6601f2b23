/**
 * Result types of the methods clients build on (docs/rpc.md), as JSON: the handlers return
 * them and `src/node/client` reads them, so both sides are checked against one definition.
 */
import type { Action, Address, Hex, MembersAndPolicy } from '../protocol/messages'
import type { TxKind } from '../protocol/txTypes'
import type { Explanation, Proposal } from '../state/accounts'
import type { GovProposal, TallyResult } from '../state/governance'
import type { CommitJson, HeaderJson, Jsonified, JsonValue, ValidatorJson } from './json'
import type { ProvenValue } from './snapshot'

export interface StatusAnswer {
  chainId: string
  verifyingContract: Address
  height: string
  latestBlockHash: Hex
  latestBlockTimeMs: string
  stateRoot: Hex
  validators: Array<{ address: Address; power: string }>
  totalVotingPower: string
  peers: number
  syncing: boolean
  validator: Address | null
  version: string
  pendingTxs: number
}

export type TxAnswer =
  | { status: 'pending' | 'unknown'; id: Hex }
  | {
      status: 'committed'
      id: Hex
      height: string
      index: number
      blockHash: Hex
      txRoot: Hex
      txCount: number
      proof: Hex[]
      tx: Hex
      kind: TxKind
      signer: Address
      message: JsonValue
    }

export interface CheckTxAnswer {
  id: Hex
  kind: TxKind
  signer: Address
}

export type NonceAnswer = ProvenValue & { address: Address; nonce: string }

export type AccountAnswer = ProvenValue & {
  address: Address
  name: string
  policyVersion: string
  /** Each rule in words, in order, then the admin rule. */
  rules: string[]
  /** Members and policy as a `ProposePolicyChange` signs them. */
  signed: Jsonified<MembersAndPolicy>
}

export type ProposalJson = Jsonified<Proposal>

export interface ProposalListAnswer {
  account: Address
  height: string
  /** Proposals the account has ever had. */
  total: number
  proposals: Array<ProposalJson & { summary: string }>
}

/** The proposal's fields, its one-line summary, and its proven state value. */
export type ProposalAnswer = ProvenValue & ProposalJson & { summary: string }

export type ExplanationJson = Jsonified<Explanation>

export interface ExplainAnswer {
  account: Address
  height: string
  /** Head block time (unix seconds) that timelocks and expiries are measured against. */
  time: string
  /** Set when a draft was explained. */
  draft?: { action: Jsonified<Action>; initiator: Address }
  /** Set when a proposal was explained. */
  proposal?: ProposalJson
  /** For a proposal: whether the account's policy is still the version it was made under. */
  currentPolicy?: boolean
  /** For an approved proposal: blocks left before it may execute ("0": it may now). */
  timelockRemainingBlocks?: string
  /** For a pending proposal that expires: seconds left ("0": expired, awaiting the sweep). */
  expiresInSeconds?: string
  explanation: ExplanationJson
  summary: string
}

export type GovProposalJson = Jsonified<GovProposal> & {
  /** Live while voting (`tallyIsFinal` false): the outcome if voting ended now; final afterwards. */
  currentTally: Jsonified<TallyResult>
  tallyIsFinal: boolean
  /** Blocks of voting left after the head (0 once the period has ended). */
  blocksLeft: string
}

export interface GovProposalListAnswer {
  height: string
  total: number
  proposals: GovProposalJson[]
}

/** The proposal's fields with its tally, and its proven state value. */
export type GovProposalAnswer = ProvenValue & GovProposalJson

/** `custos_getLightBlock`: what a light client verifies a block by. */
export interface LightBlockAnswer {
  header: HeaderJson
  commit: CommitJson
  /** The set that signs this block (`header.validatorsHash` is its hash). */
  validators: ValidatorJson[]
  /** False at the head: the commit is this node's own, until the next block fixes the canonical one. */
  canonical: boolean
}

/** `custos_getValidatorSet`: the set that signs block `height`. */
export interface ValidatorSetAnswer {
  height: string
  /** The first height this set signed. */
  fromHeight: string
  hash: Hex
  totalPower: string
  validators: ValidatorJson[]
}

/** `custos_submitEvidence`: the evidence was verified and is kept. */
export interface EvidenceAnswer {
  hash: Hex
  height: string
  primaryHash: Hex
  witnessHash: Hex
  /** Validators whose signatures are on both commits. */
  signedBoth: Address[]
  /** True when the node kept the same evidence already. */
  duplicate: boolean
}
