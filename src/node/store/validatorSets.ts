/**
 * The validator-set history of the store: every set, keyed by the first height it signs, so a
 * light client can be served the set behind any header (`Chain.validatorSetAt`,
 * `custos_getLightBlock`). A row `(fromHeight, set)` means: headers from `fromHeight` up to the
 * next row name this set as their `validatorsHash`.
 *
 * Rows are written inside the store's block transaction (`Store.commitBlock`), so the history
 * is never behind or ahead of the blocks. Stores created before the table existed are
 * backfilled once when opened (`backfill`): the current sets are known from the head state, and
 * the oldest of them is extended downwards over every earlier header that names the same
 * set hash. Heights below that (an older, different set) stay unknown: such a store serves
 * light blocks from there on only.
 */
import type Database from 'better-sqlite3'
import { validatorSetHash, type Header, type Validator } from '../protocol/block'
import { InvalidBlock } from '../protocol/errors'
import { fromHex, toHex } from '../protocol/hash'
import type { Hex } from '../protocol/messages'
import { decodeStateValue, encodeStateValue } from '../protocol/stateValue'
import { keys } from '../state/keys'

/** A set and the first height it signs. */
export interface ValidatorSetEntry {
  fromHeight: bigint
  hash: Hex
  validators: Validator[]
}

/** What `backfill` needs from the store: the head and its state, read-only. */
export interface BackfillSource {
  headHeight: bigint
  header(height: bigint): Header | undefined
  /** Decoded state value at the head. */
  state<T>(key: string): T | undefined
}

interface Row {
  from_height: number | bigint
  hash: Buffer
  validators: Buffer
}

export class ValidatorSetTable {
  private readonly stmts
  /** The newest row, cached: every block commit compares against it. */
  private latestEntry: ValidatorSetEntry | undefined

  constructor(db: Database.Database) {
    this.stmts = {
      at: db.prepare(
        'SELECT from_height, hash, validators FROM validator_sets WHERE from_height <= ? ORDER BY from_height DESC LIMIT 1',
      ),
      latest: db.prepare(
        'SELECT from_height, hash, validators FROM validator_sets ORDER BY from_height DESC LIMIT 1',
      ),
      earliest: db.prepare('SELECT MIN(from_height) FROM validator_sets').pluck(),
      put: db.prepare(
        'INSERT INTO validator_sets (from_height, hash, validators) VALUES (?, ?, ?) ON CONFLICT(from_height) DO UPDATE SET hash = excluded.hash, validators = excluded.validators',
      ),
      count: db.prepare('SELECT COUNT(*) FROM validator_sets').pluck(),
    }
    this.latestEntry = this.read(this.stmts.latest.get() as Row | undefined)
  }

  private read(row: Row | undefined): ValidatorSetEntry | undefined {
    if (!row) return undefined
    return {
      fromHeight: BigInt(row.from_height),
      hash: toHex(new Uint8Array(row.hash)),
      validators: decodeStateValue<Validator[]>(new Uint8Array(row.validators)),
    }
  }

  /** The set that signs `height` as far as the table knows (no upper bound is checked). */
  at(height: bigint): ValidatorSetEntry | undefined {
    if (this.latestEntry && height >= this.latestEntry.fromHeight) return this.latestEntry
    return this.read(this.stmts.at.get(height) as Row | undefined)
  }

  latest(): ValidatorSetEntry | undefined {
    return this.latestEntry
  }

  /** The lowest height whose set is known, or undefined for an empty table. */
  earliestHeight(): bigint | undefined {
    const min = this.stmts.earliest.get() as number | bigint | null
    return min === null ? undefined : BigInt(min)
  }

  isEmpty(): boolean {
    return (this.stmts.count.get() as number) === 0
  }

  /** Writes a row; call inside the block's transaction, then `cache` once it committed. */
  write(entry: ValidatorSetEntry): void {
    this.stmts.put.run(entry.fromHeight, fromHex(entry.hash), encodeStateValue(entry.validators))
  }

  /** Makes a committed row the cached latest one. */
  cache(entry: ValidatorSetEntry): void {
    if (!this.latestEntry || entry.fromHeight >= this.latestEntry.fromHeight)
      this.latestEntry = entry
  }

  /**
   * The rows a block adds: for the genesis block its own set (from 0), and for any block the
   * set that signs the next height when it differs from the newest row. Throws `InvalidBlock`
   * when the given set does not hash to the header's `nextValidatorsHash`, or when the header
   * announces a new set and none was given.
   */
  rowsFor(header: Header, nextValidators: readonly Validator[] | undefined): ValidatorSetEntry[] {
    const latest = this.latestEntry
    if (!nextValidators) {
      if (!latest || latest.hash !== header.nextValidatorsHash)
        throw new InvalidBlock(
          `block ${header.height} announces validator set ${header.nextValidatorsHash}; ` +
            'the store needs that set to keep the validator-set history',
        )
      return []
    }
    const sorted = [...nextValidators].sort((a, b) =>
      a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
    )
    const hash = validatorSetHash(sorted)
    if (hash !== header.nextValidatorsHash)
      throw new InvalidBlock(
        `the next validator set hashes to ${hash}, not the header's ${header.nextValidatorsHash}`,
      )
    const rows: ValidatorSetEntry[] = []
    if (!latest && header.height === 0n) {
      if (header.validatorsHash !== hash)
        throw new InvalidBlock('the genesis header must name the same set twice')
      rows.push({ fromHeight: 0n, hash, validators: sorted })
    }
    const newest = rows[rows.length - 1] ?? latest
    if (newest?.hash !== hash)
      rows.push({ fromHeight: header.height + 1n, hash, validators: sorted })
    return rows
  }

  /**
   * Fills an empty table of a store made before it existed (see the file comment). Returns the
   * lowest height whose set is now known.
   */
  backfill(source: BackfillSource): bigint | undefined {
    if (!this.isEmpty()) return this.earliestHeight()
    const signsNext = source.state<Validator[]>(keys.validators())
    if (!signsNext) return undefined
    const signedHead = source.state<Validator[]>(keys.lastValidators()) ?? signsNext
    const head = source.headHeight
    const headHash = validatorSetHash(signedHead)
    const entries: ValidatorSetEntry[] = []
    // walk down from the head while the headers name the head's set
    let from = head
    while (from > 0n && source.header(from - 1n)?.validatorsHash === headHash) from--
    if (source.header(head)?.validatorsHash === headHash)
      entries.push({ fromHeight: from, hash: headHash, validators: signedHead })
    const nextHash = validatorSetHash(signsNext)
    if (nextHash !== headHash || entries.length === 0)
      entries.push({ fromHeight: head + 1n, hash: nextHash, validators: signsNext })
    for (const entry of entries) {
      this.write(entry)
      this.cache(entry)
    }
    return entries[0]?.fromHeight
  }
}
