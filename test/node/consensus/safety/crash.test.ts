/**
 * Crash test of the SafeSigner: a child process (signerChild.ts) signing votes and proposals is
 * killed with SIGKILL at random moments, again and again on the same state file. The child
 * persists each signature before "sending" it (printing it) and dwells between the two, so many
 * kills land after the persist and before the send. Each restarted child must find the last
 * signature on disk, be refused a conflicting block at that height/round/step, get back the
 * identical signature for the original block, and carry on; across every run, no
 * height/round/step is ever signed for two blocks.
 *
 * The kill delays come from a seeded PRNG: the seed is logged, and SIGNER_CRASH_SEED=<seed>
 * replays the same delays (the kill points still vary with machine timing).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { SafeSigner, readSignState, type SignStep } from '../../../../src/node/consensus/safety'
import { fromHex, nobleRecoverAddress, type Hex } from '../../../../src/node/protocol'
import { actor, testDomain } from '../../../fixtures/network'
import { mulberry32 as prng } from '../../../fixtures/random'
import { blockA, digestAt, indexOf, key, type Position } from './signSequence'

const KILLS = 36
const MAX_DELAY_MS = 40
const READY_TIMEOUT_MS = 20_000

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(here, '../../../..')
const childPath = join(here, 'signerChild.ts')
const validator = actor('validator-1')

const dir = mkdtempSync(join(tmpdir(), 'custos-signer-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Signed extends Position {
  blockHash: Hex
  signature: Hex
}

interface Run {
  /** The last signature the child found on disk (undefined: none). */
  opened: Signed | undefined
  refused: Position[]
  conflictSigned: Signed[]
  resigned: Signed[]
  signed: Signed[]
  signal: NodeJS.Signals | null
  stderr: string
}

function parseSigned(fields: string[]): Signed {
  const [height = '', round = '', step = '', blockHash = '', signature = ''] = fields
  return {
    height: BigInt(height),
    round: BigInt(round),
    step: step as SignStep,
    blockHash: blockHash as Hex,
    signature: signature as Hex,
  }
}

/** Spawns the child, waits for `ready`, waits `delayMs` more and kills it. */
async function runChild(statePath: string, delayMs: number): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', childPath, statePath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const run: Run = {
    opened: undefined,
    refused: [],
    conflictSigned: [],
    resigned: [],
    signed: [],
    signal: null,
    stderr: '',
  }
  let buffered = ''
  let onReady: (() => void) | undefined
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (run.stderr += chunk))
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    let nl: number
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const [tag, ...fields] = buffered.slice(0, nl).split(' ')
      buffered = buffered.slice(nl + 1)
      if (tag === 'open') run.opened = fields[0] === 'none' ? undefined : parseSigned(fields)
      else if (tag === 'refused') run.refused.push(parseSigned(fields))
      else if (tag === 'conflict-signed') run.conflictSigned.push(parseSigned(fields))
      else if (tag === 'resigned') run.resigned.push(parseSigned(fields))
      else if (tag === 'signed') run.signed.push(parseSigned(fields))
      else if (tag === 'ready') onReady?.()
    }
  })
  const closed = new Promise<NodeJS.Signals | null>((done) =>
    child.on('close', (_code, signal) => done(signal)),
  )
  let timer: NodeJS.Timeout | undefined
  const ready = await new Promise<boolean>((done) => {
    onReady = () => done(true)
    void closed.then(() => done(false))
    timer = setTimeout(() => done(false), READY_TIMEOUT_MS)
  })
  clearTimeout(timer)
  if (ready) await new Promise((done) => setTimeout(done, delayMs))
  child.kill('SIGKILL')
  run.signal = await closed // 'close': stdout fully read, so every line the child sent is in
  if (!ready || run.signal !== 'SIGKILL')
    throw new Error(
      `child never got ready or died on its own (signal ${run.signal}):\n${run.stderr}`,
    )
  return run
}

describe('SafeSigner crash safety', () => {
  it(`never double-signs across ${KILLS} SIGKILLs between persist and send`, async () => {
    const seed = Number(process.env['SIGNER_CRASH_SEED'] ?? Date.now() % 2 ** 32)
    console.log(`signer crash test seed ${seed} (SIGNER_CRASH_SEED=${seed} to replay)`)
    const random = prng(seed)
    const statePath = join(dir, 'priv_validator_state.json')
    SafeSigner.initialize({ statePath, validator: validator.address, chainId: testDomain.chainId })
    const began = performance.now()

    /** Every signature any child ever sent, by height/round/step. */
    const sent = new Map<string, Signed[]>()
    const record = (s: Signed) => sent.set(key(s), [...(sent.get(key(s)) ?? []), s])
    /** Index in the sequence of the last signature sent (-1: none yet). */
    let lastSent = -1
    let persistedNotSent = 0
    let signatures = 0

    for (let i = 0; i < KILLS; i++) {
      const delayMs = Math.floor(random() * (MAX_DELAY_MS + 1))
      const run = await runChild(statePath, delayMs)
      const where = `kill ${i} (seed ${seed}, delay ${delayMs} ms)`
      signatures += run.signed.length

      // the state file holds the last signature sent, or the next one: persisted, never sent
      const opened = run.opened
      const openedAt = opened === undefined ? -1 : indexOf(opened)
      expect([lastSent, lastSent + 1], where).toContain(openedAt)
      if (openedAt === lastSent + 1) persistedNotSent++

      // at the position it restarted in: B refused, A signed again with the identical bytes
      expect(run.conflictSigned, where).toEqual([])
      if (opened !== undefined) {
        expect(run.refused.map(key), where).toEqual([key(opened)])
        expect(run.resigned, where).toHaveLength(1)
        const resigned = run.resigned[0]
        expect(resigned, where).toEqual({ ...opened, blockHash: blockA(opened) })
        for (const before of sent.get(key(opened)) ?? [])
          expect(resigned?.signature, where).toBe(before.signature)
        if (resigned) record(resigned)
      }

      // then it carried on from the next position, one step at a time
      run.signed.forEach((s, n) => expect(indexOf(s), where).toBe(openedAt + 1 + n))
      for (const s of run.signed) record(s)
      lastSent = run.signed.length > 0 ? openedAt + run.signed.length : Math.max(lastSent, openedAt)
    }

    // the state file left behind is intact and no older than what was sent
    const final = readSignState(statePath).last
    expect(final && indexOf(final)).toBeGreaterThanOrEqual(lastSent)

    // no height/round/step was ever signed for two blocks; every signature is the validator's
    const doubleSigned = [...sent].filter(
      ([, list]) => new Set(list.map((s) => s.blockHash)).size > 1,
    )
    expect(doubleSigned).toEqual([])
    for (const list of sent.values()) {
      for (const s of list) {
        expect(s.blockHash).toBe(blockA(s))
        const signer = nobleRecoverAddress(
          digestAt(testDomain, s, s.blockHash),
          fromHex(s.signature),
        )
        expect(signer, key(s)).toBe(validator.address)
      }
    }
    expect(lastSent).toBeGreaterThan(KILLS) // the children made real progress
    expect(persistedNotSent).toBeGreaterThan(0) // and kills did land between persist and send

    const seconds = ((performance.now() - began) / 1000).toFixed(1)
    console.log(
      `signer crash test: ${KILLS} kills in ${seconds} s (seed ${seed}); ${signatures} signatures ` +
        `sent over ${sent.size} height/round/steps; ${persistedNotSent} kills landed after a ` +
        `persist and before its send; every restart refused the conflicting block and re-sent ` +
        `the identical signature`,
    )
  }, 120_000)
})
