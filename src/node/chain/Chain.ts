/**
 * The chain a node runs: a transaction pool, block building, block validation and atomic
 * storage with commits. The BFT engine drives it: `proposeBlock` (proposer) or `validateBlock`
 * (everyone else) stage a block's state; `commitBlock` stores it once a commit for it exists;
 * `importBlock` validates and stores a block made elsewhere (catch-up). For tests and
 * single-process devnets, `produceBlock` proposes, signs with every validator key it holds and
 * commits in one call. From the halt height of a software upgrade decided by governance on,
 * proposing, validating and importing throw `NetworkHalted`.
 */
import {
  commitHash,
  headerHash,
  signVote,
  validatorSetHash,
  verifyCommit,
  VoteType,
  ZERO_HASH,
  type Block,
  type Commit,
  type Header,
  type Validator,
} from '../protocol/block'
import type { CustosDomain } from '../protocol/eip712'
import { verifyTx, type VerifiedTx } from '../protocol/envelope'
import {
  CustosError,
  InvalidBlock,
  InvalidGenesis,
  NetworkHalted,
  NonceMismatch,
} from '../protocol/errors'
import { bytesEqual, fromHex, toHex } from '../protocol/hash'
import { merkleRoot } from '../protocol/merkle'
import type { Address, Hex, SignedTx } from '../protocol/messages'
import { addressOfPrivateKey, type RecoverAddress } from '../protocol/signature'
import {
  buildGenesisState,
  getLastValidators,
  getParams,
  getValidators,
  keys,
  nonceOf,
  StateView,
  type BlockContext,
  type ChainRecord,
  type Genesis,
} from '../state'
import { assertNotHalted } from '../state/governance'
import type { Store, StoreHead } from '../store'
import { verifyForkEvidence, type EvidenceReceipt, type ForkEvidence } from './evidence'
import { executeBlock, type TxRejection } from './executeBlock'
import { genesisHeader } from './genesisHeader'
import { Mempool, type MempoolLimits } from './Mempool'
import { nativeRecoverAddress } from './nativeRecover'

export interface ChainOptions {
  store: Store
  /** Required when the store is empty; checked against the stored chain otherwise. */
  genesis?: Genesis
  /** Consensus keys of validators this process signs for (tests and single-process devnets). */
  validatorKeys?: Uint8Array[]
  recover?: RecoverAddress
  /** Wall clock in unix milliseconds (block times). */
  clock?: () => bigint
  mempool?: Partial<MempoolLimits>
}

export interface ProducedBlock {
  block: Block
  commit: Commit
  head: StoreHead
  included: Hex[]
  rejected: TxRejection[]
}

export interface ProposedBlock {
  block: Block
  hash: Hex
  included: Hex[]
  rejected: TxRejection[]
}

/** A block whose state is staged in the store, ready to be written once committed. */
interface StagedBlock {
  block: Block
  hash: Hex
  ids: Hex[]
  signers: Set<Address>
  /** The set that signs the next height, as the block leaves the state (the store keeps it). */
  nextValidators: Validator[]
}

const NO_PROPOSER: Address = `0x${'00'.repeat(20)}`

export class Chain {
  readonly store: Store
  readonly domain: CustosDomain
  readonly mempool: Mempool
  private readonly recover: RecoverAddress
  private readonly signers: Map<Address, Uint8Array>
  private readonly clock: () => bigint
  private staged: StagedBlock | undefined
  private readonly committedListeners = new Set<(head: StoreHead, block: Block) => void>()
  private readonly evidenceListeners = new Set<
    (evidence: ForkEvidence, receipt: EvidenceReceipt) => void
  >()

  private constructor(store: Store, domain: CustosDomain, options: ChainOptions) {
    this.store = store
    this.domain = domain
    this.recover = options.recover ?? nativeRecoverAddress
    this.signers = new Map((options.validatorKeys ?? []).map((k) => [addressOfPrivateKey(k), k]))
    this.clock = options.clock ?? (() => BigInt(Date.now()))
    this.mempool = new Mempool({
      domain,
      recover: this.recover,
      nextNonce: (signer) => nonceOf(this.state(), signer),
      ...(options.mempool ? { limits: options.mempool } : {}),
    })
  }

  /** Opens a chain on a store, writing the genesis block if the store is empty. */
  static open(options: ChainOptions): Chain {
    const { store, genesis } = options
    const head = store.head()
    if (!head) {
      if (!genesis) throw new InvalidGenesis('the store is empty and no genesis was given')
      const chain = new Chain(store, domainOf(genesis.chainId, genesis.verifyingContract), options)
      chain.writeGenesis(genesis)
      return chain
    }
    const record = new StateView(store).get<ChainRecord>(keys.chain())
    if (!record) throw new InvalidGenesis('the store has blocks but no chain record')
    if (
      genesis &&
      (genesis.chainId !== record.chainId || genesis.verifyingContract !== record.verifyingContract)
    )
      throw new InvalidGenesis(
        `the store holds chain ${record.chainId}, not chain ${genesis.chainId}`,
      )
    return new Chain(store, domainOf(record.chainId, record.verifyingContract), options)
  }

  private writeGenesis(genesis: Genesis): void {
    const view = buildGenesisState(genesis)
    const stateRoot = this.store.stageState(view.changes())
    const validators = getValidators(view)
    const header = genesisHeader(genesis, stateRoot, validators)
    this.store.commitBlock({ block: { header, txs: [] }, txIds: [], nextValidators: validators })
  }

  /** The latest state, read-only by convention (writes are never persisted). */
  state(): StateView {
    return new StateView(this.store)
  }

  head(): StoreHead {
    const head = this.store.head()
    if (!head) throw new InvalidBlock('the chain has no genesis block')
    return head
  }

  /** The validator set that signs the next block. */
  validators(): Validator[] {
    return getValidators(this.state())
  }

  /**
   * The validator set that signs block `height` (its header's `validatorsHash` names it), for
   * any height up to the head + 1; undefined above that (a later block may still change it) and
   * below the start of the store's history (`Store.validatorHistoryStart`).
   */
  validatorSetAt(height: bigint): Validator[] | undefined {
    if (height > this.head().height + 1n) return undefined
    return this.store.validatorSetAt(height)?.validators.map((v) => ({ ...v }))
  }

  /**
   * Verifies evidence of conflicting headers (evidence.ts, `verifyForkEvidence`) against the
   * validator sets this node knows (for a height above its head + 1, the newest one: a fork
   * can run ahead of this node) and keeps it; listeners of `onEvidence` hear of new evidence
   * (the node logs it). Nothing is slashed. Throws `InvalidEvidence` naming the defect.
   */
  submitEvidence(evidence: ForkEvidence, receivedMs = this.clock()): EvidenceReceipt {
    const newest = this.head().height + 1n
    const verified = verifyForkEvidence({
      domain: this.domain,
      evidence,
      validatorSetAt: (height) => this.validatorSetAt(height > newest ? newest : height),
      recover: this.recover,
    })
    const stored = this.store.putEvidence({
      hash: verified.hash,
      height: evidence.height,
      receivedMs,
      json: verified.json,
    })
    const receipt: EvidenceReceipt = { ...verified.receipt, duplicate: !stored }
    if (stored) for (const listener of this.evidenceListeners) listener(evidence, receipt)
    return receipt
  }

  /** Called with each newly kept piece of evidence. */
  onEvidence(listener: (evidence: ForkEvidence, receipt: EvidenceReceipt) => void): () => void {
    this.evidenceListeners.add(listener)
    return () => this.evidenceListeners.delete(listener)
  }

  /**
   * The error that stops block `height` when governance decided a software upgrade halting at
   * or below it, or undefined: the consensus driver checks it before starting a height.
   */
  haltAt(height: bigint): NetworkHalted | undefined {
    try {
      assertNotHalted(this.state(), height)
      return undefined
    } catch (error) {
      if (error instanceof NetworkHalted) return error
      throw error
    }
  }

  /** Verifies a transaction and adds it to the pool. Throws a typed error if refused. */
  submit(input: Uint8Array | SignedTx): Hex {
    return this.mempool.add(input).id
  }

  pendingCount(): number {
    return this.mempool.size
  }

  /** Called after every block written to the store. */
  onCommitted(listener: (head: StoreHead, block: Block) => void): () => void {
    this.committedListeners.add(listener)
    return () => this.committedListeners.delete(listener)
  }

  private contextFor(height: bigint, timeMs: bigint): BlockContext {
    return { domain: this.domain, height, time: timeMs / 1000n }
  }

  /** Builds the next block from the pool and stages its state (nothing is written). */
  proposeBlock(timeMs?: bigint, proposer?: Address): ProposedBlock {
    const head = this.head()
    const now = timeMs ?? this.clock()
    const time = now > head.header.timeMs ? now : head.header.timeMs + 1n
    if (timeMs !== undefined && timeMs <= head.header.timeMs)
      throw new InvalidBlock(`block time ${timeMs} is not after the head's ${head.header.timeMs}`)
    const view = this.state().fork()
    const params = getParams(view)
    const height = head.height + 1n
    assertNotHalted(view, height)
    const result = executeBlock({
      view,
      ctx: this.contextFor(height, time),
      txs: this.mempool.ordered(),
      mode: 'propose',
      maxTxs: params.maxBlockTxs,
      maxBytes: params.maxBlockBytes,
    })
    const included = result.included
    const lastCommit = head.height === 0n ? undefined : this.store.commit(head.height)
    if (head.height > 0n && !lastCommit)
      throw new InvalidBlock(`commit for block ${head.height} is missing`)
    const nextValidators = getValidators(view)
    const header: Header = {
      chainId: this.domain.chainId,
      height,
      timeMs: time,
      lastBlockHash: head.hash,
      lastCommitHash: lastCommit ? commitHash(lastCommit) : ZERO_HASH,
      txRoot: toHex(merkleRoot(included.map((t) => fromHex(t.id)))),
      stateRoot: this.store.stageState(view.changes()),
      validatorsHash: head.header.nextValidatorsHash,
      nextValidatorsHash: validatorSetHash(nextValidators),
      proposer: proposer ?? this.localProposer(height),
    }
    const block: Block = {
      header,
      txs: included.map((t) => t.bytes),
      ...(lastCommit ? { lastCommit } : {}),
    }
    const hash = headerHash(header)
    this.staged = {
      block,
      hash,
      ids: included.map((t) => t.id),
      signers: new Set(included.map((t) => t.signer)),
      nextValidators,
    }
    // refused txs leave the pool, except those waiting for an earlier nonce
    for (const { id, error } of result.rejected) {
      const pending = this.mempool.get(id)
      const waiting =
        error instanceof NonceMismatch &&
        pending !== undefined &&
        pending.tx.message.nonce > BigInt(String(error.details['expected']))
      if (!waiting) this.mempool.remove(id)
    }
    return { block, hash, included: this.staged.ids, rejected: result.rejected }
  }

  /**
   * Checks a block proposed by someone else against the head: header links, tx root, every
   * transaction valid and applying, validator and state roots; stages its state. Throws
   * `InvalidBlock` naming the first problem.
   */
  validateBlock(block: Block): Hex {
    const head = this.head()
    const h = block.header
    const hash = headerHash(h)
    if (this.staged?.hash === hash) return hash
    const fail = (reason: string, cause?: unknown): never => {
      throw new InvalidBlock(
        `block ${h.height}: ${reason}`,
        cause === undefined ? undefined : { cause },
      )
    }
    if (h.chainId !== this.domain.chainId)
      fail(`chain ${h.chainId}, expected ${this.domain.chainId}`)
    if (h.height !== head.height + 1n) fail(`expected height ${head.height + 1n}`)
    assertNotHalted(this.state(), h.height)
    if (h.lastBlockHash !== head.hash) fail('does not extend the head')
    if (h.timeMs <= head.header.timeMs) fail('time is not after the previous block')
    this.checkLastCommit(block, head)
    if (h.validatorsHash !== head.header.nextValidatorsHash) fail('validator set hash mismatch')
    const view = this.state().fork()
    const params = getParams(view)
    if (block.txs.length > params.maxBlockTxs)
      fail(`${block.txs.length} txs exceed the limit ${params.maxBlockTxs}`)
    if (block.txs.reduce((n, t) => n + t.length, 0) > params.maxBlockBytes)
      fail('too many bytes of txs')
    let txs: VerifiedTx[] = []
    try {
      txs = block.txs.map((bytes) => this.verifyBlockTx(bytes))
    } catch (error) {
      fail('a transaction is malformed or badly signed', error)
    }
    if (toHex(merkleRoot(txs.map((t) => fromHex(t.id)))) !== h.txRoot) fail('tx root mismatch')
    try {
      executeBlock({
        view,
        ctx: this.contextFor(h.height, h.timeMs),
        txs,
        mode: 'validate',
        maxTxs: Infinity,
        maxBytes: Infinity,
      })
    } catch (error) {
      fail(
        `a transaction is refused: ${error instanceof CustosError ? error.message : String(error)}`,
        error,
      )
    }
    const nextValidators = getValidators(view)
    if (validatorSetHash(nextValidators) !== h.nextValidatorsHash)
      fail('next validator set hash mismatch')
    const root = this.store.stageState(view.changes())
    if (root !== h.stateRoot) {
      this.discardStaged()
      fail(`state root ${h.stateRoot} differs from the computed ${root}`)
    }
    this.staged = {
      block,
      hash,
      ids: txs.map((t) => t.id),
      signers: new Set(txs.map((t) => t.signer)),
      nextValidators,
    }
    return hash
  }

  /** A block's transaction: reuses the pool's check when the pool holds the same bytes. */
  private verifyBlockTx(bytes: Uint8Array): VerifiedTx {
    return verifyTx(bytes, { domain: this.domain, recover: this.pooledRecover(bytes) })
  }

  /** Recovery that trusts the pool's earlier check of the very same bytes. */
  private pooledRecover(bytes: Uint8Array): RecoverAddress {
    return (digest, signature) => {
      const pooled = this.mempool.get(toHex(digest))
      if (pooled && bytesEqual(pooled.bytes, bytes)) return pooled.signer
      return this.recover(digest, signature)
    }
  }

  discardStaged(): void {
    this.staged = undefined
    this.store.discardStaged()
  }

  /** The block must carry a valid commit of the head (none after genesis). */
  private checkLastCommit(block: Block, head: StoreHead): void {
    const h = block.header
    if (head.height === 0n) {
      if (block.lastCommit || h.lastCommitHash !== ZERO_HASH)
        throw new InvalidBlock(`block ${h.height}: the first block carries no last commit`)
      return
    }
    if (!block.lastCommit)
      throw new InvalidBlock(`block ${h.height}: the commit of block ${head.height} is missing`)
    if (commitHash(block.lastCommit) !== h.lastCommitHash)
      throw new InvalidBlock(`block ${h.height}: last commit hash mismatch`)
    try {
      verifyCommit({
        domain: this.domain,
        commit: block.lastCommit,
        validators: getLastValidators(this.state()),
        blockHash: head.hash,
        height: head.height,
        recover: this.recover,
      })
    } catch (error) {
      throw new InvalidBlock(`block ${h.height}: its last commit is invalid`, { cause: error })
    }
  }

  private localProposer(height: bigint): Address {
    const mine = [...this.signers.keys()].sort()
    if (mine.length === 0) return NO_PROPOSER
    return mine[Number(height % BigInt(mine.length))] as Address
  }

  /** Precommit signatures of every validator key this process holds, sorted by address. */
  signCommit(block: Block, round = 0n): Commit {
    const blockHash = headerHash(block.header)
    const validators = new Set(this.validators().map((v) => v.address))
    const signatures = [...this.signers.entries()]
      .filter(([address]) => validators.has(address))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([validator, key]) => ({
        validator,
        signature: signVote(
          this.domain,
          { voteType: VoteType.precommit, height: block.header.height, round, blockHash },
          key,
        ),
      }))
    return { height: block.header.height, round, blockHash, signatures }
  }

  /** Stores a block once a valid commit for it exists (validating it first if not staged). */
  commitBlock(block: Block, commit: Commit): StoreHead {
    const hash = headerHash(block.header)
    verifyCommit({
      domain: this.domain,
      commit,
      validators: this.validators(),
      blockHash: hash,
      height: block.header.height,
      recover: this.recover,
    })
    if (this.staged?.hash !== hash) this.validateBlock(block)
    const staged = this.staged
    if (!staged || staged.hash !== hash || !sameTxs(staged.block, block))
      throw new InvalidBlock(`block ${hash} is not staged`)
    let head: StoreHead
    try {
      head = this.store.commitBlock({
        block,
        commit,
        txIds: staged.ids,
        nextValidators: staged.nextValidators,
      })
    } finally {
      this.staged = undefined
    }
    for (const id of staged.ids) this.mempool.remove(id)
    this.mempool.prune(staged.signers)
    for (const listener of this.committedListeners) listener(head, block)
    return head
  }

  /** Validates a block made elsewhere (with its commit) and stores it. */
  importBlock(block: Block, commit: Commit): StoreHead {
    return this.commitBlock(block, commit)
  }

  /** Proposes, signs and stores the next block (single-process devnets and tests). */
  produceBlock(timeMs?: bigint): ProducedBlock {
    const proposed = this.proposeBlock(timeMs)
    const commit = this.signCommit(proposed.block)
    try {
      const head = this.commitBlock(proposed.block, commit)
      return {
        block: proposed.block,
        included: proposed.included,
        rejected: proposed.rejected,
        commit,
        head,
      }
    } catch (error) {
      this.discardStaged()
      throw error
    }
  }
}

function domainOf(chainId: bigint, verifyingContract: Address): CustosDomain {
  return { name: 'Custos', version: '1', chainId, verifyingContract }
}

function sameTxs(a: Block, b: Block): boolean {
  return (
    a.txs.length === b.txs.length && a.txs.every((tx, i) => bytesEqual(tx, b.txs[i] as Uint8Array))
  )
}
