/**
 * Child process of the signer crash test (crash.test.ts): signs the sequence of signSequence.ts
 * with a SafeSigner, forever, until the parent kills it with SIGKILL.
 *
 *   node --import tsx test/node/consensus/safety/signerChild.ts <statePath>
 *
 * On start it opens the signer and prints `open <h> <r> <step> <blockHash> <signature>` for the
 * last signature in the state file (or `open none`). Then, at that same height/round/step, it
 * tries to sign the conflicting block B and prints `refused <h> <r> <step>` if the signer
 * refuses (`conflict-signed …` if it does not: a failure), re-signs block A and prints
 * `resigned <h> <r> <step> <blockHash> <signature>`, and prints `ready`.
 *
 * Then for each next position: signs A (the signer persists before returning), busy-waits as
 * long as signing took — the persisted-but-not-sent window, where a good share of kills lands —
 * and only then "sends" the signature: `signed <h> <r> <step> <blockHash> <signature>`.
 * Writes to a pipe are synchronous on Linux, so every line printed reaches the parent.
 */
import { DoubleSignRefused, SafeSigner } from '../../../../src/node/consensus/safety'
import { actor, testDomain } from '../../../fixtures/network'
import { blockA, blockB, indexOf, positionAt, signAt, type Position } from './signSequence'

const statePath = process.argv[2]
const validator = actor('validator-1')
if (!statePath) {
  process.stderr.write('usage: signerChild.ts <statePath>\n')
  process.exit(2)
}

const send = (line: string) => process.stdout.write(`${line}\n`)
const where = (p: Position) => `${p.height} ${p.round} ${p.step}`

const signer = SafeSigner.open({ statePath, privateKey: validator.key })
const last = signer.lastSigned
let next = 0
if (last === undefined) {
  send('open none')
} else {
  send(`open ${where(last)} ${last.blockHash} ${last.signature}`)
  try {
    const conflicting = signAt(signer, testDomain, last, blockB(last))
    send(`conflict-signed ${where(last)} ${blockB(last)} ${conflicting}`)
  } catch (error) {
    if (!(error instanceof DoubleSignRefused) || error.reason !== 'conflicting-block') throw error
    send(`refused ${where(last)}`)
  }
  send(`resigned ${where(last)} ${blockA(last)} ${signAt(signer, testDomain, last, blockA(last))}`)
  next = indexOf(last) + 1
}
send('ready')

const parent = process.ppid
process.stdout.on('error', () => process.exit(1))

function step(): void {
  if (process.ppid !== parent || next > 1_000_000) process.exit(0) // orphaned: stop
  const p = positionAt(next++)
  const started = performance.now()
  const signature = signAt(signer, testDomain, p, blockA(p))
  const until = performance.now() + Math.max(1, performance.now() - started)
  while (performance.now() < until) {
    // spin: persisted, not sent yet
  }
  send(`signed ${where(p)} ${blockA(p)} ${signature}`)
  setImmediate(step)
}
step()
