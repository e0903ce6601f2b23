import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ConsensusWal,
  crc32,
  encodeWalRecord,
  WalCorrupt,
  type WalMessage,
} from '../../../../src/node/consensus/safety'
import { InvalidStatus, utf8 } from '../../../../src/node/protocol'
import { expectError } from '../../../fixtures/expectError'

const root = mkdtempSync(join(tmpdir(), 'custos-wal-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => join(root, `wal-${dirs++}`)

const msg = (height: bigint, kind: string, text: string): WalMessage => ({
  kind,
  height,
  payload: utf8(text),
})

/** The only segment file of a WAL directory that has not rotated. */
function segmentOf(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.wal'))
  expect(files).toHaveLength(1)
  return join(dir, files[0] ?? '')
}

describe('crc32', () => {
  it('matches the IEEE check values', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array(0))).toBe(0)
    expect(crc32(utf8('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339)
  })
})

describe('ConsensusWal', () => {
  it('round-trips messages of the current height, in order, across a reopen', () => {
    const dir = freshDir()
    const wal = ConsensusWal.open({ dir })
    const written = [
      msg(1n, 'proposal', 'p1'),
      msg(1n, 'vote', 'v1'),
      { kind: 'vote', height: 1n, payload: new Uint8Array(0) },
      msg(2n, 'vote', 'early vote for height 2'),
      msg(1n, 'timeout', 't1'),
    ]
    for (const m of written) wal.append(m)
    expect(wal.replay(1n)).toEqual(written.filter((m) => m.height === 1n))
    wal.close()

    const reopened = ConsensusWal.open({ dir })
    expect(reopened.recovery).toBeUndefined()
    expect(reopened.replay(1n)).toEqual(written.filter((m) => m.height === 1n))
    reopened.close()
  })

  it('resumes the last unfinished height after endHeight, and rotates and prunes segments', () => {
    const dir = freshDir()
    const wal = ConsensusWal.open({ dir, sync: 'batch', retainSegments: 1 })
    for (let h = 1n; h <= 4n; h++) {
      wal.append(msg(h, 'proposal', `p${h}`))
      wal.append(msg(h, 'vote', `v${h}`))
      wal.sync()
      wal.endHeight(h)
    }
    wal.append(msg(5n, 'proposal', 'p5'))
    wal.append(msg(5n, 'vote', 'v5'))
    wal.close()
    // the current segment and one finished one
    expect(readdirSync(dir).sort()).toEqual(['0000000000000003.wal', '0000000000000004.wal'])

    const reopened = ConsensusWal.open({ dir })
    expect(reopened.lastEndedHeight).toBe(4n)
    expect(reopened.replay(5n)).toEqual([msg(5n, 'proposal', 'p5'), msg(5n, 'vote', 'v5')])
    expectError(() => reopened.replay(4n), InvalidStatus, 'INVALID_STATUS')
    expect(() => reopened.endHeight(4n)).toThrow(/not after the last ended height/)
    reopened.close()
  })

  it('truncates a torn last record on open, keeping every complete one', () => {
    const kept = [msg(7n, 'proposal', 'p7'), msg(7n, 'vote', 'v7')]
    const torn = encodeWalRecord({ type: 'message', ...msg(7n, 'vote', 'torn away') })
    for (const cut of [1, 7, 8, 12, torn.length - 1]) {
      const dir = freshDir()
      const wal = ConsensusWal.open({ dir })
      for (const m of kept) wal.append(m)
      wal.close()
      const file = segmentOf(dir)
      const good = statSync(file).size
      appendFileSync(file, torn.subarray(0, cut))

      const reopened = ConsensusWal.open({ dir })
      expect(reopened.recovery, `cut at ${cut}`).toMatchObject({
        truncatedAt: good,
        droppedBytes: cut,
      })
      expect(statSync(file).size).toBe(good)
      expect(reopened.replay(7n)).toEqual(kept)
      reopened.append(msg(7n, 'vote', 'after recovery')) // the log goes on from the good prefix
      expect(reopened.replay(7n)).toEqual([...kept, msg(7n, 'vote', 'after recovery')])
      reopened.close()
    }
  })

  it('truncates a zero-filled tail (file size extended, data not written)', () => {
    const dir = freshDir()
    const wal = ConsensusWal.open({ dir })
    wal.append(msg(3n, 'vote', 'v3'))
    wal.close()
    const file = segmentOf(dir)
    appendFileSync(file, new Uint8Array(4096))
    const reopened = ConsensusWal.open({ dir })
    expect(reopened.recovery?.problem).toMatch(/zero-filled/)
    expect(reopened.replay(3n)).toEqual([msg(3n, 'vote', 'v3')])
    reopened.close()
  })

  it('detects a checksum mismatch: torn if in the last record, corruption further in', () => {
    const records = [msg(2n, 'proposal', 'p2'), msg(2n, 'vote', 'v2'), msg(2n, 'vote', 'last')]
    const lastLength = encodeWalRecord({ type: 'message', ...msg(2n, 'vote', 'last') }).length
    const setup = () => {
      const dir = freshDir()
      const wal = ConsensusWal.open({ dir })
      for (const m of records) wal.append(m)
      wal.close()
      const file = segmentOf(dir)
      return { dir, file, bytes: readFileSync(file) }
    }

    // a flipped payload byte in the FIRST record: damage, not a torn write
    const first = setup()
    first.bytes[20] = (first.bytes[20] ?? 0) ^ 0x01
    writeFileSync(first.file, first.bytes)
    const error = expectError(
      () => ConsensusWal.open({ dir: first.dir }),
      WalCorrupt,
      'STORE_CORRUPT',
    )
    expect(error.details).toMatchObject({ offset: 0, problem: 'checksum mismatch' })
    expect(readFileSync(first.file)).toEqual(first.bytes) // nothing truncated

    // the same in the LAST record: a torn write, truncated
    const last = setup()
    const at = last.bytes.length - 2
    last.bytes[at] = (last.bytes[at] ?? 0) ^ 0x01
    writeFileSync(last.file, last.bytes)
    const reopened = ConsensusWal.open({ dir: last.dir })
    expect(reopened.recovery).toMatchObject({
      problem: 'checksum mismatch',
      droppedBytes: lastLength,
    })
    expect(reopened.replay(2n)).toEqual(records.slice(0, 2))
    reopened.close()

    // an impossible length field further in is damage too
    const length = setup()
    length.bytes.set([0xff, 0xff, 0xff, 0xff], 0)
    writeFileSync(length.file, length.bytes)
    expectError(() => ConsensusWal.open({ dir: length.dir }), WalCorrupt, 'STORE_CORRUPT')
  })

  it('treats damage in a finished segment as corruption', () => {
    const dir = freshDir()
    const wal = ConsensusWal.open({ dir, retainSegments: 2 })
    wal.append(msg(1n, 'vote', 'v1'))
    wal.endHeight(1n)
    wal.append(msg(2n, 'vote', 'v2'))
    wal.close()
    const finished = join(dir, '0000000000000000.wal')
    const bytes = readFileSync(finished)
    writeFileSync(finished, bytes.subarray(0, bytes.length - 3)) // cut the end marker short
    expectError(() => ConsensusWal.open({ dir }), WalCorrupt, 'STORE_CORRUPT')
  })

  it('refuses writes after close', () => {
    const wal = ConsensusWal.open({ dir: freshDir() })
    wal.close()
    expectError(() => wal.append(msg(1n, 'vote', 'late')), InvalidStatus, 'INVALID_STATUS')
  })
})
