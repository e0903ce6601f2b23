/**
 * The node store: blocks, commits, transaction index, the latest state (flat, for fast reads)
 * and the state trie's nodes (for roots and proofs), in one SQLite file in WAL mode.
 *
 * Writing a block is two steps: `stageState(changes)` applies the block's state changes to the
 * trie in memory and returns the new state root (which goes into the header); `commitBlock`
 * then writes the block, its commit, the flat state changes, the new trie nodes and the new
 * head in ONE SQLite transaction. A crash at any point leaves the file at the previous block or
 * at the new one, never between (SQLite's atomic commit; synchronous=FULL for durability).
 * The same transaction records the validator set that signs the next height when it changes
 * (`validatorSetAt`, for light clients; validatorSets.ts).
 */
import Database from 'better-sqlite3'
import {
  decodeBlock,
  decodeCommit,
  decodeHeader,
  encodeBlock,
  encodeCommit,
  encodeHeader,
  headerHash,
  type Block,
  type Commit,
  type Header,
  type Validator,
} from '../protocol/block'
import { InvalidBlock, StoreCorrupt } from '../protocol/errors'
import { bytesEqual, fromHex, toHex, utf8 } from '../protocol/hash'
import type { Hex } from '../protocol/messages'
import type { StateProof } from '../protocol/stateProof'
import { decodeStateValue, encodeStateValue } from '../protocol/stateValue'
import type { StateReader } from '../state/view'
import { EvidenceTable, type EvidenceRecord } from './evidenceTable'
import { migrate } from './schema'
import { EMPTY_ROOT, MerkleTrie, type TrieNodeSource } from './trie'
import { ValidatorSetTable, type ValidatorSetEntry } from './validatorSets'

export interface StoreHead {
  height: bigint
  hash: Hex
  header: Header
}

export interface StagedState {
  root: Hex
  /** Base height the changes apply on. */
  baseHeight: bigint | undefined
}

export interface CommitBlockParameters {
  block: Block
  /** Commit for this block (absent for the genesis block). */
  commit?: Commit
  /** Ids of the block's transactions, in order. */
  txIds: readonly Hex[]
  /**
   * The set that signs the next height (the one `header.nextValidatorsHash` names). Required
   * for the genesis block and for any block announcing a set other than the newest one the store
   * records; the store checks it against the header and keeps it (`validatorSetAt`).
   */
  nextValidators?: readonly Validator[]
}

export interface StoreOptions {
  /** Test hook: called inside the write transaction between steps (crash tests). */
  onWriteStep?: (step: string) => void
  /** Most state values kept in memory for reads (default 250,000). */
  stateCacheSize?: number
}

const BATCH = 64

export class Store implements StateReader {
  readonly path: string
  private readonly db: Database.Database
  /** The working trie: at the head's root, or at the staged block's root while one is staged. */
  private readonly trie: MerkleTrie
  /** Always at the head's root, so proofs are served while a block is staged. */
  private readonly headTrie: MerkleTrie
  private readonly pendingNodes = new Map<string, Uint8Array>()
  private staged:
    | {
        root: Uint8Array
        nodes: Map<string, Uint8Array>
        /** The block's state changes, encoded once: key → value bytes, or null to delete. */
        changes: ReadonlyArray<readonly [string, Uint8Array | null]>
      }
    | undefined
  private headCache: StoreHead | undefined
  private readonly options: StoreOptions
  private readonly stmts: ReturnType<Store['prepare']>
  /** Latest committed state values by key (null = absent), updated after each commit. */
  private readonly stateCache = new Map<string, Uint8Array | null>()
  private readonly stateCacheSize: number
  private readonly validatorSets: ValidatorSetTable
  private readonly evidenceTable: EvidenceTable

  private constructor(path: string, db: Database.Database, options: StoreOptions) {
    this.path = path
    this.db = db
    this.options = options
    this.stateCacheSize = options.stateCacheSize ?? 250_000
    this.stmts = this.prepare()
    const source: TrieNodeSource = {
      getNode: (hash) => {
        const pending = this.pendingNodes.get(toHex(hash).slice(2))
        if (pending) return pending
        const row = this.stmts.getNode.get(hash) as { node: Buffer } | undefined
        return row ? new Uint8Array(row.node) : undefined
      },
    }
    this.headCache = this.loadHead()
    this.trie = new MerkleTrie(source, this.headRoot())
    this.headTrie = new MerkleTrie(source, this.headRoot(), { cacheSize: 20_000 })
    this.validatorSets = new ValidatorSetTable(db)
    this.evidenceTable = new EvidenceTable(db)
    this.backfillValidatorSets()
  }

  /** Gives a store made before the validator-set history its current sets (validatorSets.ts). */
  private backfillValidatorSets(): void {
    const head = this.headCache
    if (!head || !this.validatorSets.isEmpty()) return
    this.db.transaction(() =>
      this.validatorSets.backfill({
        headHeight: head.height,
        header: (height) => this.header(height),
        state: <T>(key: string) => {
          const bytes = this.get(key)
          return bytes === undefined ? undefined : decodeStateValue<T>(bytes)
        },
      }),
    )()
  }

  private headRoot(): Uint8Array {
    return this.headCache ? fromHex(this.headCache.header.stateRoot) : EMPTY_ROOT
  }

  /** Opens (creating if needed) a store file; ':memory:' for a throwaway store. */
  static open(path: string, options: StoreOptions = {}): Store {
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return new Store(path, db, options)
  }

  private prepare() {
    const db = this.db
    return {
      getState: db.prepare('SELECT value FROM state WHERE key = ?').pluck(),
      putState: db.prepare(
        'INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      delState: db.prepare('DELETE FROM state WHERE key = ?'),
      getNode: db.prepare('SELECT node FROM trie_nodes WHERE hash = ?'),
      putNode: db.prepare('INSERT OR IGNORE INTO trie_nodes (hash, node) VALUES (?, ?)'),
      putNodes: db.prepare(`INSERT OR IGNORE INTO trie_nodes (hash, node) VALUES ${rows(BATCH)}`),
      putStates: db.prepare(
        `INSERT INTO state (key, value) VALUES ${rows(BATCH)} ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      ),
      putBlock: db.prepare('INSERT INTO blocks (height, hash, header, block) VALUES (?, ?, ?, ?)'),
      putCommit: db.prepare('INSERT INTO commits (height, commit_rlp) VALUES (?, ?)'),
      replaceCommit: db.prepare(
        'INSERT INTO commits (height, commit_rlp) VALUES (?, ?) ON CONFLICT(height) DO UPDATE SET commit_rlp = excluded.commit_rlp',
      ),
      putTx: db.prepare('INSERT INTO txs (id, height, idx) VALUES (?, ?, ?)'),
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      putMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      headerAt: db.prepare('SELECT header FROM blocks WHERE height = ?').pluck(),
      blockAt: db.prepare('SELECT block FROM blocks WHERE height = ?').pluck(),
      commitAt: db.prepare('SELECT commit_rlp FROM commits WHERE height = ?').pluck(),
      txAt: db.prepare('SELECT height, idx FROM txs WHERE id = ?'),
    }
  }

  private loadHead(): StoreHead | undefined {
    const height = this.stmts.getMeta.get('head') as Buffer | undefined
    if (!height) return undefined
    const h = BigInt(new TextDecoder().decode(height))
    const headerBytes = this.stmts.headerAt.get(h) as Buffer | undefined
    if (!headerBytes) throw new StoreCorrupt(`head block ${h} is missing`)
    const header = decodeHeader(new Uint8Array(headerBytes))
    return { height: h, hash: headerHash(header), header }
  }

  /** The latest block, or undefined for an empty store. */
  head(): StoreHead | undefined {
    return this.headCache
  }

  /** Latest committed state value bytes (StateReader). */
  get(key: string): Uint8Array | undefined {
    const cached = this.stateCache.get(key)
    if (cached !== undefined) return cached ?? undefined
    const row = this.stmts.getState.get(key) as Buffer | undefined
    const value = row ? new Uint8Array(row) : null
    this.cacheState(key, value)
    return value ?? undefined
  }

  private cacheState(key: string, value: Uint8Array | null): void {
    if (this.stateCache.size >= this.stateCacheSize && !this.stateCache.has(key)) {
      let drop = Math.max(1, this.stateCacheSize >> 3)
      for (const k of this.stateCache.keys()) {
        this.stateCache.delete(k)
        if (--drop <= 0) break
      }
    }
    this.stateCache.set(key, value)
  }

  /** State root of the head block (not of a staged one). */
  stateRoot(): Hex {
    return toHex(this.headTrie.root)
  }

  /**
   * Applies state changes to the trie in memory and returns the resulting root. Nothing is
   * written until `commitBlock`; `discardStaged` (or a failed commit) drops it.
   */
  stageState(changes: ReadonlyArray<readonly [string, unknown]>): Hex {
    this.discardStaged()
    const encoded = changes.map(
      ([key, value]) => [key, value === null ? null : encodeStateValue(value)] as const,
    )
    for (const [key, bytes] of encoded) {
      if (bytes === null) this.trie.del(utf8(key))
      else this.trie.put(utf8(key), bytes)
    }
    const { root, nodes } = this.trie.commit()
    for (const [hash, node] of nodes) this.pendingNodes.set(hash, node)
    this.staged = { root, nodes, changes: encoded }
    return toHex(root)
  }

  discardStaged(): void {
    if (!this.staged) return
    this.staged = undefined
    this.pendingNodes.clear()
    this.trie.setRoot(this.headRoot())
  }

  /** Writes a block whose state was staged with `stageState`, atomically. */
  commitBlock(params: CommitBlockParameters): StoreHead {
    const { block, commit } = params
    const staged = this.staged
    if (!staged) throw new InvalidBlock('stage the block state before committing it')
    const encoded = staged.changes
    const header = block.header
    if (!bytesEqual(fromHex(header.stateRoot), staged.root))
      throw new InvalidBlock(
        `header state root ${header.stateRoot} differs from the staged root ${toHex(staged.root)}`,
      )
    const expectedHeight = this.headCache ? this.headCache.height + 1n : 0n
    if (header.height !== expectedHeight)
      throw new InvalidBlock(`block height ${header.height}; the store expects ${expectedHeight}`)
    if (this.headCache && header.lastBlockHash !== this.headCache.hash)
      throw new InvalidBlock(
        `block ${header.height} does not extend the head ${this.headCache.hash}`,
      )
    const hash = headerHash(header)
    const setRows = this.validatorSets.rowsFor(header, params.nextValidators)
    const step = this.options.onWriteStep ?? (() => undefined)
    const write = this.db.transaction(() => {
      this.stmts.putBlock.run(
        header.height,
        fromHex(hash),
        encodeHeader(header),
        encodeBlock(block),
      )
      step('block')
      if (commit) this.stmts.putCommit.run(header.height, encodeCommit(commit))
      // the previous block's canonical commit is the one this block carries
      if (block.lastCommit)
        this.stmts.replaceCommit.run(header.height - 1n, encodeCommit(block.lastCommit))
      params.txIds.forEach((id, i) => this.stmts.putTx.run(fromHex(id), header.height, i))
      for (const row of setRows) this.validatorSets.write(row)
      step('txs')
      const upserts: Array<string | Uint8Array> = []
      for (const [key, bytes] of encoded) {
        if (bytes === null) this.stmts.delState.run(key)
        else upserts.push(key, bytes)
      }
      runBatched(this.stmts.putStates, this.stmts.putState, upserts)
      step('state')
      const nodeRows: Uint8Array[] = []
      for (const [h, node] of staged.nodes) nodeRows.push(fromHex(`0x${h}`), node)
      runBatched(this.stmts.putNodes, this.stmts.putNode, nodeRows)
      step('trie')
      this.stmts.putMeta.run('head', utf8(header.height.toString()))
      step('head')
    })
    try {
      write()
    } catch (error) {
      this.discardStaged()
      throw error
    }
    this.staged = undefined
    this.pendingNodes.clear()
    for (const [key, bytes] of encoded) this.cacheState(key, bytes)
    this.headCache = { height: header.height, hash, header }
    this.headTrie.setRoot(staged.root)
    for (const row of setRows) this.validatorSets.cache(row)
    return this.headCache
  }

  /**
   * The validator set that signs block `height`, with the first height it signed, as recorded
   * when blocks were committed. No upper bound is checked: above the head + 1 the answer is the
   * newest set, which a later block may still change (`Chain.validatorSetAt` bounds it).
   * Undefined below the history's start (a store backfilled after an earlier set change).
   */
  validatorSetAt(height: bigint): ValidatorSetEntry | undefined {
    return this.validatorSets.at(height)
  }

  /** The lowest height whose validator set the store knows. */
  validatorHistoryStart(): bigint | undefined {
    return this.validatorSets.earliestHeight()
  }

  /** Keeps verified evidence; false when the same record is kept already. */
  putEvidence(record: EvidenceRecord): boolean {
    return this.evidenceTable.put(record)
  }

  /** A kept evidence record by its hash. */
  evidence(hash: Hex): EvidenceRecord | undefined {
    return this.evidenceTable.get(hash)
  }

  /** Kept evidence, newest first. */
  listEvidence(limit = 100): EvidenceRecord[] {
    return this.evidenceTable.list(limit)
  }

  header(height: bigint): Header | undefined {
    const bytes = this.stmts.headerAt.get(height) as Buffer | undefined
    return bytes ? decodeHeader(new Uint8Array(bytes)) : undefined
  }

  block(height: bigint): Block | undefined {
    const bytes = this.stmts.blockAt.get(height) as Buffer | undefined
    return bytes ? decodeBlock(new Uint8Array(bytes)) : undefined
  }

  commit(height: bigint): Commit | undefined {
    const bytes = this.stmts.commitAt.get(height) as Buffer | undefined
    return bytes ? decodeCommit(new Uint8Array(bytes)) : undefined
  }

  /** Where a transaction was included, if it was. */
  txLocation(id: Hex): { height: bigint; index: number } | undefined {
    const row = this.stmts.txAt.get(fromHex(id)) as { height: number; idx: number } | undefined
    return row ? { height: BigInt(row.height), index: row.idx } : undefined
  }

  /** A Merkle proof of `key` (present or absent) against the head state root, staged block or not. */
  prove(key: string): StateProof {
    const value = this.get(key)
    return {
      key,
      value: value ? toHex(value) : null,
      nodes: this.headTrie.prove(utf8(key)).map((n) => toHex(n)),
    }
  }

  /** Rebuilds the state root from the flat state and compares it with the head (O(state)). */
  checkIntegrity(): { ok: boolean; headRoot: Hex; rebuiltRoot: Hex; keys: number } {
    const scratch = new Map<string, Uint8Array>()
    const rebuilt = new MerkleTrie({ getNode: (h) => scratch.get(toHex(h).slice(2)) })
    let count = 0
    for (const row of this.db.prepare('SELECT key, value FROM state').iterate() as Iterable<{
      key: string
      value: Buffer
    }>) {
      rebuilt.put(utf8(row.key), new Uint8Array(row.value))
      count++
    }
    const rebuiltRoot = toHex(rebuilt.commit().root)
    const headRoot = this.headCache ? this.headCache.header.stateRoot : toHex(EMPTY_ROOT)
    return { ok: rebuiltRoot === headRoot, headRoot, rebuiltRoot, keys: count }
  }

  close(): void {
    this.db.close()
  }
}

function rows(n: number): string {
  return Array.from({ length: n }, () => '(?, ?)').join(', ')
}

/** Runs a two-column insert in statements of BATCH rows, then row by row for the rest. */
function runBatched(
  many: Database.Statement,
  one: Database.Statement,
  flat: ReadonlyArray<string | Uint8Array>,
): void {
  const width = BATCH * 2
  let i = 0
  for (; i + width <= flat.length; i += width) many.run(flat.slice(i, i + width))
  for (; i < flat.length; i += 2) one.run(flat[i], flat[i + 1])
}
