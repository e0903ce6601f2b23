/**
 * The light client's data: light blocks, trusted roots, proven state, progress, and the
 * `LightProvider` interface that puts a full node (over JSON-RPC, or anything else in tests)
 * behind the client, as Lodestar's light client does with `LightClientTransport`.
 */
import type { ForkEvidence } from '../chain/evidence'
import type { Commit, Header, Validator } from '../protocol/block'
import type { Address, Hex } from '../protocol/messages'
import type { StateProof } from '../protocol/stateProof'
import type { Genesis } from '../state/genesis'

/**
 * What a block is verified by: its header, the commit that signs it and the validator set its
 * `validatorsHash` names. The genesis block has no commit: its `commit` is empty (height 0,
 * no signatures), and it is trusted from the genesis document itself.
 */
export interface LightBlock {
  header: Header
  commit: Commit
  validators: Validator[]
}

/** The chain a light client follows: its EIP-712 domain's chain id and anchor contract. */
export interface LightChain {
  chainId: bigint
  verifyingContract: Address
}

/**
 * Where trust starts.
 * - `genesis`: the genesis document; header 0 and its validator set are computed from it.
 * - `hash`: a block the user trusts by its height (≥ 1) and hash, from a source they trust
 *   (their validator operator, a Tier-1 checkpoint); fetched from the primary and checked.
 * - `block`: a light block this client verified before (e.g. the newest one the records store
 *   kept), to resume without starting over.
 */
export type TrustedRoot =
  | { kind: 'genesis'; genesis: Genesis }
  | { kind: 'hash'; height: bigint; hash: Hex }
  | { kind: 'block'; block: LightBlock }

/** A state answer as a full node gives it: the value's proof and the block it is against. */
export interface StateAnswer {
  key: string
  /** The block whose state root the proof is against. */
  height: bigint
  /** The state root the node claims for that block (checked against the verified header). */
  stateRoot: Hex
  /** Undefined when the node sent no proof. */
  proof: StateProof | undefined
}

/** A state value proven against the state root of a verified header. */
export interface ProvenState {
  key: string
  height: bigint
  stateRoot: Hex
  /** The decoded state value (bigints as bigints), or null when the key is proven absent. */
  value: unknown
  /** The value's bytes as proven, or null. */
  raw: Hex | null
  /** The verified header whose `stateRoot` the proof was checked against. */
  header: Header
}

/**
 * A full node as the light client sees it. Implementations only fetch and decode: every
 * answer is verified by the client, so a provider may lie without being believed.
 */
export interface LightProvider {
  /** How the user knows this node (its URL), for messages. */
  readonly name: string
  /** The light block at `height`, or the node's head when omitted. */
  lightBlock(height?: bigint): Promise<LightBlock>
  /** The value of a state key with its Merkle proof, at the node's head. */
  state(key: string): Promise<StateAnswer>
  /** Reports conflicting headers to the node (`custos_submitEvidence`). */
  submitEvidence?(evidence: ForkEvidence): Promise<void>
}

/** Persists verified light blocks (the records store plugs in here). */
export interface HeaderSink {
  onVerified(block: LightBlock): void | Promise<void>
}

/** Sync progress, after each newly verified header. */
export interface SyncProgress {
  /** The newest verified height. */
  height: bigint
  /** The height being synced to. */
  target: bigint
  /** Headers verified per second in this sync so far. */
  headersPerSecond: number
  /** Light blocks fetched in this sync so far (bisection fetches pivots). */
  fetched: number
}

/** Evidence of a fork and where it was reported. */
export interface EvidenceReport {
  evidence: ForkEvidence
  primary: string
  witness: string
  /** Each node the evidence was submitted to, and whether it accepted it. */
  submissions: Array<{ provider: string; accepted: boolean; error?: string }>
}

/** Something the user may want to know that does not stop the client (a witness failing). */
export interface LightWarning {
  provider: string
  message: string
}

export type { ForkEvidence } from '../chain/evidence'
