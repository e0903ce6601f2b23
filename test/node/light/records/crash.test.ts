/**
 * Crash test: a child process (crashWriter.ts) recording blocks, transactions, holdings and
 * audit entries is killed with SIGKILL 20–120 ms after it opened the file, again and again on
 * the same encrypted file. After every kill the file opens with the key, SQLite's integrity
 * check passes, the audit chain verifies, no record the child reported committed is lost, the
 * record count never goes backwards, and no batch is half-written (every block has all its
 * transactions and its holding snapshot).
 *
 * The delays come from a seeded PRNG: the seed is logged, and CRASH_SEED=<seed> replays them
 * (the kill points still vary with machine timing).
 */
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { RecordStore, type RecordCounts } from '../../../../src/node/light/records'
import { mulberry32 } from '../../../fixtures/random'
import { randomKey, removeTempDirs, tempDir } from './fixtures'

const KILLS = 50
const MIN_DELAY_MS = 20
const MAX_DELAY_MS = 120
/** Longest wait for a child to open the file. */
const OPEN_TIMEOUT_MS = 20_000

const here = import.meta.dirname
const repoRoot = resolve(here, '../../../..')
const writer = join(here, 'crashWriter.ts')

afterAll(removeTempDirs)

interface Run {
  /** Total records the child saw when it opened the file. */
  opened: number
  /** Highest total it reported committed (its `opened` if none). */
  committed: number
  signal: NodeJS.Signals | null
}

/** Spawns the writer, waits until it has opened the file, waits `delayMs` more and kills it. */
function runWriter(path: string, keyHex: string, delayMs: number): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, keyHex], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    let buffered = ''
    let opened: number | undefined
    let committed = 0
    const timeout = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`the writer did not open the file in time: ${stderr}`))
    }, OPEN_TIMEOUT_MS)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const [tag, value] = buffered.slice(0, nl).split(' ')
        buffered = buffered.slice(nl + 1)
        const n = Number(value)
        if (tag === 'committed') committed = Math.max(committed, n)
        else if (tag === 'open' && opened === undefined) {
          opened = n
          committed = n
          clearTimeout(timeout)
          setTimeout(() => child.kill('SIGKILL'), delayMs)
        }
      }
    })
    child.on('close', (_code, signal) => {
      clearTimeout(timeout)
      if (opened === undefined) fail(new Error(`the writer exited before opening: ${stderr}`))
      else done({ opened, committed, signal })
    })
  })
}

const totalOf = (counts: RecordCounts): number => Object.values(counts).reduce((a, b) => a + b, 0)

/** Transactions the writer puts in block h. */
const txsIn = (height: number): number => 1 + (height % 3)

describe('records survive SIGKILL', () => {
  it(`reopens whole after ${KILLS} kills at random points`, { timeout: 120_000 }, async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31))
    console.info(`records crash test seed ${seed} (CRASH_SEED=${seed} replays the delays)`)
    const random = mulberry32(seed)
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    const keyHex = Buffer.from(key).toString('hex')
    let previous = 0
    let killedWhileWriting = 0
    for (let i = 0; i < KILLS; i++) {
      const delay = MIN_DELAY_MS + Math.floor(random() * (MAX_DELAY_MS - MIN_DELAY_MS))
      const run = await runWriter(path, keyHex, delay)
      expect(run.signal, `run ${i}: the writer ended by itself`).toBe('SIGKILL')
      if (run.committed > run.opened) killedWhileWriting++

      const store = RecordStore.open({ path, key })
      try {
        expect(store.checkIntegrity(), `run ${i}: integrity`).toEqual({ ok: true, problems: [] })
        const chain = store.verifyAuditChain()
        expect(chain, `run ${i}: audit chain`).toMatchObject({ ok: true })
        const counts = store.counts()
        const total = totalOf(counts)
        expect(total, `run ${i}: records went backwards`).toBeGreaterThanOrEqual(previous)
        expect(total, `run ${i}: a committed record was lost`).toBeGreaterThanOrEqual(run.committed)
        // no half-written batch: blocks 1..n each with all their transactions and a holding
        const latest = Number(store.latestBlock()?.height ?? 0n)
        expect(counts.block).toBe(latest)
        expect(counts.holding).toBe(latest)
        let txs = 0
        for (let h = 1; h <= latest; h++) txs += txsIn(h)
        expect(counts.transaction).toBe(txs)
        expect(counts.audit).toBeGreaterThanOrEqual(latest)
        if (chain.ok) expect(chain.count).toBe(counts.audit)
        previous = total
      } finally {
        store.close()
      }
    }
    // the kills must have hit a writer at work, not only one starting up
    expect(killedWhileWriting).toBeGreaterThan(KILLS / 2)
    expect(previous).toBeGreaterThan(0)
  })
})
