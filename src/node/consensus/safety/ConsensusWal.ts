/**
 * ConsensusWal: the write-ahead log of the consensus messages a validator received and sent, so
 * that a restarted node resumes the height it was in (CometBFT `consensus/wal.go`).
 */
import {
  closeSync,
  ftruncateSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { InvalidStatus, InvalidValue } from '../../protocol/errors'
import { fsyncDirectory } from './durableFile'
import { WalCorrupt } from './errors'
import { encodeWalRecord, scanWalRecords, type WalMessage, type WalRecord } from './walRecord'

/** `always`: fsync every record before `append` returns. `batch`: fsync on `sync()`, `endHeight` and `close`. */
export type WalSyncMode = 'always' | 'batch'

export interface OpenConsensusWalParameters {
  /** Directory of the log's segment files (created if missing). */
  dir: string
  /** Default `always`. */
  sync?: WalSyncMode
  /** Finished segments kept after a rotation, besides the current one (default 1). */
  retainSegments?: number
  /** Largest record body accepted; a longer length field counts as damage (default 16 MiB). */
  maxRecordBytes?: number
}

/** What `open` cut off the tail of the log after a torn write. */
export interface WalRecovery {
  file: string
  /** Length of the good prefix the file was truncated to. */
  truncatedAt: number
  droppedBytes: number
  problem: string
}

const SEGMENT = /^(\d{16})\.wal$/
const segmentName = (index: number) => `${String(index).padStart(16, '0')}.wal`

/**
 * An append-only log in numbered segment files (`0000000000000000.wal`, …), one per height:
 * `endHeight(h)` writes an end marker, fsyncs, and starts the next segment, pruning the oldest.
 *
 * Every record carries a length and a CRC-32 (see walRecord.ts). On open, a torn last record (a
 * crash mid-write) is truncated away and reported in `recovery`; damage anywhere else throws
 * `WalCorrupt`. `replay(h)` returns the messages of height h logged since the end of the
 * previous height, in order: what the node had received and sent before it stopped.
 *
 * Received messages may be logged with `sync: 'batch'` and one `sync()` per batch; a message the
 * node is about to send should be synced first (CometBFT: `WriteSync` for its own messages).
 *
 * @example
 * const wal = ConsensusWal.open({ dir: join(home, 'cs.wal') })
 * for (const m of wal.replay(store.head().height + 1n)) engine.handle(m)
 * wal.append({ kind: 'vote', height, payload })
 * wal.endHeight(height) // after the block at `height` is committed to the store
 */
export class ConsensusWal {
  readonly dir: string
  readonly syncMode: WalSyncMode
  /** Set when `open` truncated a torn tail. */
  readonly recovery: WalRecovery | undefined
  private readonly retainSegments: number
  private readonly maxRecordBytes: number
  private segment: number
  private fd: number | undefined
  private dirty = false
  private lastEnded: bigint | undefined

  private constructor(
    params: OpenConsensusWalParameters,
    segment: number,
    fd: number,
    recovery: WalRecovery | undefined,
    lastEnded: bigint | undefined,
  ) {
    this.dir = params.dir
    this.syncMode = params.sync ?? 'always'
    this.retainSegments = params.retainSegments ?? 1
    this.maxRecordBytes = params.maxRecordBytes ?? 16 * 1024 * 1024
    this.segment = segment
    this.fd = fd
    this.recovery = recovery
    this.lastEnded = lastEnded
  }

  static open(params: OpenConsensusWalParameters): ConsensusWal {
    const retain = params.retainSegments ?? 1
    if (!Number.isInteger(retain) || retain < 0)
      throw new InvalidValue('retainSegments', `must be a non-negative integer, got ${retain}`)
    const maxRecordBytes = params.maxRecordBytes ?? 16 * 1024 * 1024
    mkdirSync(params.dir, { recursive: true })
    const segments = listSegments(params.dir)
    let lastEnded: bigint | undefined
    let recovery: WalRecovery | undefined
    const last = segments.at(-1)
    if (last === undefined) {
      const fd = openSync(join(params.dir, segmentName(0)), 'a', 0o600)
      fsyncDirectory(params.dir)
      return new ConsensusWal(params, 0, fd, undefined, undefined)
    }
    for (const index of segments) {
      const file = join(params.dir, segmentName(index))
      const bytes = readFileSync(file)
      const scan = scanWalRecords(bytes, maxRecordBytes)
      for (const r of scan.records) if (r.type === 'endHeight') lastEnded = r.height
      const defect = scan.defect
      if (defect === undefined) continue
      if (index !== last || !defect.torn) throw new WalCorrupt(file, defect.offset, defect.problem)
      const fd = openSync(file, 'r+')
      try {
        ftruncateSync(fd, scan.validLength)
        fsyncSync(fd)
        recovery = {
          file,
          truncatedAt: scan.validLength,
          droppedBytes: bytes.length - scan.validLength,
          problem: defect.problem,
        }
      } finally {
        closeSync(fd)
      }
    }
    const fd = openSync(join(params.dir, segmentName(last)), 'a', 0o600)
    return new ConsensusWal(params, last, fd, recovery, lastEnded)
  }

  /** The highest height whose end marker is in the retained segments. */
  get lastEndedHeight(): bigint | undefined {
    return this.lastEnded
  }

  /** Logs one message (durable before return when `sync` is `always`). */
  append(message: WalMessage): void {
    this.write(encodeWalRecord({ type: 'message', ...message }), this.syncMode === 'always')
  }

  /** fsyncs the records appended since the last sync (`batch` mode). */
  sync(): void {
    const fd = this.openFd()
    if (!this.dirty) return
    fsyncSync(fd)
    this.dirty = false
  }

  /**
   * Marks `height` finished (its block is committed), durably, then starts a new segment and
   * removes segments beyond `retainSegments`.
   */
  endHeight(height: bigint): void {
    if (this.lastEnded !== undefined && height <= this.lastEnded)
      throw new InvalidValue(
        'height',
        `height ${height} is not after the last ended height ${this.lastEnded}`,
      )
    this.write(encodeWalRecord({ type: 'endHeight', height }), true)
    this.lastEnded = height
    closeSync(this.openFd())
    this.fd = undefined
    this.segment += 1
    this.fd = openSync(join(this.dir, segmentName(this.segment)), 'a', 0o600)
    for (const index of listSegments(this.dir))
      if (index < this.segment - this.retainSegments)
        rmSync(join(this.dir, segmentName(index)), { force: true })
    fsyncDirectory(this.dir)
  }

  /**
   * The messages of `height` logged after the end marker of the previous height (or since the
   * oldest retained record), in the order they were appended. Throws `InvalidStatus` if
   * `height` has already ended, and `WalCorrupt` if a segment is damaged.
   */
  replay(height: bigint): WalMessage[] {
    if (this.lastEnded !== undefined && height <= this.lastEnded)
      throw new InvalidStatus('WAL height', height.toString(), 'already ended', 'replay it')
    let messages: WalMessage[] = []
    for (const record of this.records()) {
      if (record.type === 'endHeight') {
        if (record.height < height) messages = []
      } else if (record.height === height) {
        messages.push({ kind: record.kind, height: record.height, payload: record.payload })
      }
    }
    return messages
  }

  /** Every retained record, oldest first. */
  records(): WalRecord[] {
    const out: WalRecord[] = []
    for (const index of listSegments(this.dir)) {
      const file = join(this.dir, segmentName(index))
      const scan = scanWalRecords(readFileSync(file), this.maxRecordBytes)
      if (scan.defect) throw new WalCorrupt(file, scan.defect.offset, scan.defect.problem)
      out.push(...scan.records)
    }
    return out
  }

  /** Syncs and closes the current segment; the log cannot be written afterwards. */
  close(): void {
    if (this.fd === undefined) return
    this.sync()
    closeSync(this.fd)
    this.fd = undefined
  }

  private openFd(): number {
    if (this.fd === undefined) throw new InvalidStatus('Consensus WAL', this.dir, 'closed', 'write')
    return this.fd
  }

  private write(bytes: Uint8Array, sync: boolean): void {
    const fd = this.openFd()
    let written = 0
    while (written < bytes.length) written += writeSync(fd, bytes, written)
    this.dirty = true
    if (sync) {
      fsyncSync(fd)
      this.dirty = false
    }
  }
}

function listSegments(dir: string): number[] {
  const out: number[] = []
  for (const name of readdirSync(dir)) {
    const match = SEGMENT.exec(name)
    if (match?.[1] !== undefined) out.push(Number(match[1]))
  }
  return out.sort((a, b) => a - b)
}
