/**
 * A single-process block producer: takes signed transactions, makes blocks, applies them and
 * stores them with a commit signed by the validator keys it holds. It is the interface the BFT
 * engine drives (`proposeBlock` → `commitBlock`; `importBlock` for blocks made elsewhere);
 * for tests and single-node devnets it does both sides itself (`produceBlock`).
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
} from '../protocol/block'
import type { CustosDomain } from '../protocol/eip712'
import { verifyTx, type VerifiedTx } from '../protocol/envelope'
import { AlreadyExists, InvalidBlock, InvalidGenesis, NonceMismatch } from '../protocol/errors'
import { fromHex, toHex } from '../protocol/hash'
import { merkleRoot } from '../protocol/merkle'
import type { Address, Hex, SignedTx } from '../protocol/messages'
import { addressOfPrivateKey, type RecoverAddress } from '../protocol/signature'
import {
  buildGenesisState,
  getParams,
  getValidators,
  keys,
  nonceOf,
  StateView,
  type BlockContext,
  type ChainRecord,
  type Genesis,
} from '../state'
import type { Store, StoreHead } from '../store'
import { executeBlock, type TxRejection } from './executeBlock'
import { nativeRecoverAddress } from './nativeRecover'

export interface ChainOptions {
  store: Store
  /** Required when the store is empty; checked against the stored chain otherwise. */
  genesis?: Genesis
  /** Consensus keys of validators this process signs for. */
  validatorKeys?: Uint8Array[]
  recover?: RecoverAddress
  /** Wall clock in unix milliseconds (block times). */
  clock?: () => bigint
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
  included: Hex[]
  rejected: TxRejection[]
}

export class Chain {
  readonly store: Store
  readonly domain: CustosDomain
  private readonly recover: RecoverAddress
  private readonly signers: Map<Address, Uint8Array>
  private readonly clock: () => bigint
  /** Mempool: verified txs by id, in arrival order. */
  private readonly pool = new Map<Hex, VerifiedTx>()
  private proposal: { block: Block; hash: Hex; ids: Hex[] } | undefined

  private constructor(store: Store, domain: CustosDomain, options: ChainOptions) {
    this.store = store
    this.domain = domain
    this.recover = options.recover ?? nativeRecoverAddress
    this.signers = new Map((options.validatorKeys ?? []).map((k) => [addressOfPrivateKey(k), k]))
    this.clock = options.clock ?? (() => BigInt(Date.now()))
  }

  /** Opens a chain on a store, writing the genesis block if the store is empty. */
  static open(options: ChainOptions): Chain {
    const { store, genesis } = options
    const head = store.head()
    if (!head) {
      if (!genesis) throw new InvalidGenesis('the store is empty and no genesis was given')
      const domain = {
        name: 'Custos',
        version: '1',
        chainId: genesis.chainId,
        verifyingContract: genesis.verifyingContract,
      } as const
      const chain = new Chain(store, domain, options)
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
    const domain = {
      name: 'Custos',
      version: '1',
      chainId: record.chainId,
      verifyingContract: record.verifyingContract,
    } as const
    return new Chain(store, domain, options)
  }

  private writeGenesis(genesis: Genesis): void {
    const view = buildGenesisState(genesis)
    const stateRoot = this.store.stageState(view.changes())
    const validatorsHash = validatorSetHash(getValidators(view))
    const header: Header = {
      chainId: genesis.chainId,
      height: 0n,
      timeMs: genesis.genesisTimeMs,
      lastBlockHash: ZERO_HASH,
      lastCommitHash: ZERO_HASH,
      txRoot: toHex(merkleRoot([])),
      stateRoot,
      validatorsHash,
      nextValidatorsHash: validatorsHash,
      proposer: `0x${'00'.repeat(20)}`,
    }
    this.store.commitBlock({ block: { header, txs: [] }, txIds: [] })
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

  /** Verifies a transaction and adds it to the pool. Throws a typed error if refused. */
  submit(input: Uint8Array | SignedTx): Hex {
    const verified = verifyTx(input, { domain: this.domain, recover: this.recover })
    if (this.pool.has(verified.id)) throw new AlreadyExists('transaction', verified.id)
    // an included transaction (its id names signer and nonce) is refused here as a used nonce
    const next = nonceOf(this.state(), verified.signer)
    if (verified.tx.message.nonce < next)
      throw new NonceMismatch(verified.signer, next, verified.tx.message.nonce)
    this.pool.set(verified.id, verified)
    return verified.id
  }

  pendingCount(): number {
    return this.pool.size
  }

  /** Pool transactions grouped by signer (in order of first arrival), each in nonce order. */
  private orderedPool(): VerifiedTx[] {
    const bySigner = new Map<Address, VerifiedTx[]>()
    for (const tx of this.pool.values()) {
      const list = bySigner.get(tx.signer)
      if (list) list.push(tx)
      else bySigner.set(tx.signer, [tx])
    }
    const out: VerifiedTx[] = []
    for (const list of bySigner.values()) {
      list.sort((a, b) =>
        a.tx.message.nonce < b.tx.message.nonce
          ? -1
          : a.tx.message.nonce > b.tx.message.nonce
            ? 1
            : 0,
      )
      out.push(...list)
    }
    return out
  }

  private contextFor(height: bigint, timeMs: bigint): BlockContext {
    return { domain: this.domain, height, time: timeMs / 1000n }
  }

  /** Builds (and stages the state of) the next block from the pool, without storing it. */
  proposeBlock(timeMs?: bigint): ProposedBlock {
    const head = this.head()
    const time =
      timeMs ?? (this.clock() > head.header.timeMs ? this.clock() : head.header.timeMs + 1n)
    if (time <= head.header.timeMs)
      throw new InvalidBlock(`block time ${time} is not after the head's ${head.header.timeMs}`)
    const view = this.state().fork()
    const params = getParams(view)
    const height = head.height + 1n
    const result = executeBlock({
      view,
      ctx: this.contextFor(height, time),
      txs: this.orderedPool(),
      mode: 'propose',
      maxTxs: params.maxBlockTxs,
      maxBytes: params.maxBlockBytes,
      sizeOf: (tx) => (tx as VerifiedTx).bytes.length,
    })
    const included = result.included as VerifiedTx[]
    const validators = getValidators(view)
    const header: Header = {
      chainId: this.domain.chainId,
      height,
      timeMs: time,
      lastBlockHash: head.hash,
      lastCommitHash: this.lastCommitHash(head.height),
      txRoot: toHex(merkleRoot(included.map((t) => fromHex(t.id)))),
      stateRoot: this.store.stageState(view.changes()),
      validatorsHash: head.header.nextValidatorsHash,
      nextValidatorsHash: validatorSetHash(validators),
      proposer: this.proposerFor(height),
    }
    const block: Block = { header, txs: included.map((t) => t.bytes) }
    this.proposal = { block, hash: headerHash(header), ids: included.map((t) => t.id) }
    // refused txs leave the pool, except those waiting for an earlier nonce
    for (const { id, error } of result.rejected) {
      const pending = this.pool.get(id)
      const waiting =
        error instanceof NonceMismatch &&
        pending &&
        pending.tx.message.nonce > BigInt(String(error.details['expected']))
      if (!waiting) this.pool.delete(id)
    }
    return { block, included: included.map((t) => t.id), rejected: result.rejected }
  }

  private lastCommitHash(height: bigint): Hex {
    if (height === 0n) return ZERO_HASH
    const commit = this.store.commit(height)
    if (!commit) throw new InvalidBlock(`commit for block ${height} is missing`)
    return commitHash(commit)
  }

  private proposerFor(height: bigint): Address {
    const mine = [...this.signers.keys()].sort()
    if (mine.length === 0) return `0x${'00'.repeat(20)}`
    return mine[Number(height % BigInt(mine.length))] as Address
  }

  /** Precommit signatures of every validator key this process holds, sorted by address. */
  signCommit(block: Block, round = 0n): Commit {
    const blockHash = headerHash(block.header)
    const validators = new Set(getValidators(this.state()).map((v) => v.address))
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

  /** Stores the proposed block once a valid commit for it exists. */
  commitBlock(block: Block, commit: Commit): StoreHead {
    const hash = headerHash(block.header)
    if (!this.proposal || this.proposal.hash !== hash)
      throw new InvalidBlock(`block ${hash} is not the staged proposal`)
    verifyCommit({
      domain: this.domain,
      commit,
      validators: getValidators(this.state()),
      blockHash: hash,
      height: block.header.height,
      recover: this.recover,
    })
    const ids = this.proposal.ids
    const head = this.store.commitBlock({ block, commit, txIds: ids })
    for (const id of ids) this.pool.delete(id)
    this.proposal = undefined
    return head
  }

  /** Proposes, signs and stores the next block (single-process devnets and tests). */
  produceBlock(timeMs?: bigint): ProducedBlock {
    const proposed = this.proposeBlock(timeMs)
    const commit = this.signCommit(proposed.block)
    try {
      const head = this.commitBlock(proposed.block, commit)
      return { ...proposed, commit, head }
    } catch (error) {
      this.store.discardStaged()
      this.proposal = undefined
      throw error
    }
  }

  /** Validates a block made elsewhere (with its commit), re-executes it and stores it. */
  importBlock(block: Block, commit: Commit): StoreHead {
    const head = this.head()
    const h = block.header
    const hash = headerHash(h)
    const fail = (reason: string): never => {
      throw new InvalidBlock(`block ${h.height}: ${reason}`)
    }
    if (h.chainId !== this.domain.chainId)
      fail(`chain ${h.chainId}, expected ${this.domain.chainId}`)
    if (h.height !== head.height + 1n) fail(`expected height ${head.height + 1n}`)
    if (h.lastBlockHash !== head.hash) fail('does not extend the head')
    if (h.timeMs <= head.header.timeMs) fail('time is not after the previous block')
    if (h.lastCommitHash !== this.lastCommitHash(head.height)) fail('last commit hash mismatch')
    if (h.validatorsHash !== head.header.nextValidatorsHash) fail('validator set hash mismatch')
    const view = this.state().fork()
    verifyCommit({
      domain: this.domain,
      commit,
      validators: getValidators(view),
      blockHash: hash,
      height: h.height,
      recover: this.recover,
    })
    const params = getParams(view)
    if (block.txs.length > params.maxBlockTxs)
      fail(`${block.txs.length} txs exceed the limit ${params.maxBlockTxs}`)
    if (block.txs.reduce((n, t) => n + t.length, 0) > params.maxBlockBytes)
      fail('too many bytes of txs')
    const txs = block.txs.map((bytes) =>
      verifyTx(bytes, { domain: this.domain, recover: this.recover }),
    )
    if (toHex(merkleRoot(txs.map((t) => fromHex(t.id)))) !== h.txRoot) fail('tx root mismatch')
    try {
      executeBlock({
        view,
        ctx: this.contextFor(h.height, h.timeMs),
        txs,
        mode: 'validate',
        maxTxs: Infinity,
        maxBytes: Infinity,
        sizeOf: () => 0,
      })
    } catch (error) {
      throw new InvalidBlock(`block ${h.height}: a transaction is refused`, { cause: error })
    }
    if (validatorSetHash(getValidators(view)) !== h.nextValidatorsHash)
      fail('next validator set hash mismatch')
    const root = this.store.stageState(view.changes())
    if (root !== h.stateRoot) {
      this.store.discardStaged()
      fail(`state root ${h.stateRoot} differs from the computed ${root}`)
    }
    const stored = this.store.commitBlock({ block, commit, txIds: txs.map((t) => t.id) })
    for (const t of txs) this.pool.delete(t.id)
    return stored
  }
}
