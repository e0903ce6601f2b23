/**
 * A text file written in large buffered pieces (one `writeSync` per ~1 MiB), optionally
 * hashing what it writes (SHA-256, so `sha256sum` of the file gives the same hash).
 * Synchronous on purpose: an export is a tight loop, and the caller yields between batches.
 */
import { createHash, type Hash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { ExportUnavailable } from '../errors'

const FLUSH_AT = 1 << 20

export class FileSink {
  private readonly fd: number
  private readonly hash: Hash | undefined
  private pending: string[] = []
  private pendingLength = 0
  private closed = false

  constructor(
    readonly path: string,
    options: { sha256?: boolean } = {},
  ) {
    try {
      this.fd = openSync(path, 'w')
    } catch (cause) {
      throw new ExportUnavailable(path, cause)
    }
    this.hash = options.sha256 ? createHash('sha256') : undefined
  }

  write(text: string): void {
    this.pending.push(text)
    this.pendingLength += text.length
    if (this.pendingLength >= FLUSH_AT) this.flush()
  }

  private flush(): void {
    if (this.pending.length === 0) return
    const bytes = Buffer.from(this.pending.join(''), 'utf8')
    this.pending = []
    this.pendingLength = 0
    this.hash?.update(bytes)
    try {
      let offset = 0
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset)
    } catch (cause) {
      throw new ExportUnavailable(this.path, cause)
    }
  }

  /** Writes what is buffered and closes; returns the SHA-256 (0x-hex) if it was hashing. */
  close(): string | undefined {
    if (this.closed) return undefined
    this.flush()
    this.closed = true
    closeSync(this.fd)
    return this.hash ? `0x${this.hash.digest('hex')}` : undefined
  }
}
