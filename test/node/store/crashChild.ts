/**
 * Child process of the crash test (crash.test.ts): produces blocks on a store file as fast as it
 * can, forever, until the parent kills it with SIGKILL.
 *
 *   node --import tsx test/node/store/crashChild.ts <dbPath>
 *
 * Opens the store at dbPath (writing the genesis block from `testGenesis()` if it is empty),
 * prints `open <height> <stateRoot>`, then loops: submits a few signed transfers among the
 * fixture investors (nonces read from the current state), produces a block and prints
 * `height <h> <stateRoot>` once the block is committed. Blocks hold 0 to 10 transfers, and the
 * child busy-waits 0.5–2.5 ms at one step inside each block's write transaction (through the
 * store's `onWriteStep` test hook), so that kills land inside the transaction too and not
 * mostly in transaction signing, which dominates a block's time otherwise.
 *
 * It also records where it is in `<dbPath>.phase` (one small record rewritten in place with a
 * plain pwrite, no fsync: the kernel keeps it across a SIGKILL), so the parent can tell where
 * each kill landed and check the reopened head against it:
 *   `submit <h>`   signing and submitting the transactions of block h
 *   `produce <h>`  executing block h, staging its state, signing the commit (before the write)
 *   `block|txs|state|trie <h>`  inside SQLite's write transaction for block h
 *   `head <h>`     last statement done; COMMIT of block h in progress
 *   `committed <h>` block h committed (commitBlock returned)
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { Chain } from '../../../src/node/chain'
import { nonceOf } from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import {
  alice,
  bob,
  carol,
  dave,
  erin,
  sign,
  testGenesis,
  validators,
  type Actor,
} from '../../fixtures/network'

const dbPath = process.argv[2]
if (!dbPath) {
  process.stderr.write('usage: crashChild.ts <dbPath>\n')
  process.exit(2)
}

const RECORD = 32
const phaseFd = openSync(`${dbPath}.phase`, 'w')
let currentHeight = 0n
function phase(name: string, height = currentHeight): void {
  writeSync(phaseFd, `${name} ${height}`.padEnd(RECORD, ' '), 0)
}

/**
 * Write steps of the current block at which the child dwells (busy-waits) for a moment inside
 * the write transaction, so that a fair share of kills lands there and not only in signing.
 */
let dwell: { step: string; ms: number } | undefined
const store = Store.open(dbPath, {
  onWriteStep: (step) => {
    phase(step)
    if (dwell?.step !== step) return
    const until = performance.now() + dwell.ms
    while (performance.now() < until) {
      // spin: the kill may land here, with block h half-written in an open transaction
    }
  },
})
const chain = Chain.open({
  store,
  genesis: testGenesis(),
  validatorKeys: validators.map((v) => v.key),
})
const opened = chain.head()
phase('committed', opened.height)
process.stdout.write(`open ${opened.height} ${opened.header.stateRoot}\n`)

// The parent going away (pipe closed) ends the child too; so does being orphaned.
const parent = process.ppid
process.stdout.on('error', () => process.exit(1))

/** Senders with their recipient and token (erin is denied ACME: she only moves EURC). */
const ring: Array<[Actor, Actor, 'ACME' | 'EURC']> = [
  [alice, bob, 'ACME'],
  [bob, carol, 'EURC'],
  [carol, dave, 'ACME'],
  [dave, alice, 'EURC'],
  [erin, alice, 'EURC'],
]

function step(): void {
  const height = chain.head().height + 1n
  currentHeight = height
  phase('submit')
  // blocks of 0 to 10 transfers, so write transactions vary in size
  const senders = ring.slice(0, Number(height % BigInt(ring.length + 1)))
  const perSender = 1 + Number((height / 7n) % 2n)
  const steps = ['block', 'txs', 'state', 'trie']
  dwell = { step: steps[Number(height % 4n)] ?? 'block', ms: 0.5 + Number((height * 7n) % 5n) / 2 }
  const state = chain.state()
  for (const [from, to, symbol] of senders) {
    const first = nonceOf(state, from.address)
    for (let i = 0n; i < BigInt(perSender); i++) {
      const amount = 1n + ((height + i) % 7n)
      chain.submit(sign(from, 'Transfer', { symbol, to: to.address, amount }, first + i))
    }
  }
  phase('produce')
  const produced = chain.produceBlock()
  phase('committed')
  if (produced.rejected.length > 0)
    throw new Error(`block ${height}: ${produced.rejected.length} transactions rejected`, {
      cause: produced.rejected[0]?.error,
    })
  process.stdout.write(`height ${produced.head.height} ${produced.head.header.stateRoot}\n`)
}

function loop(): void {
  if (process.ppid !== parent) {
    store.close()
    closeSync(phaseFd)
    process.exit(0)
  }
  step()
  // yield to the event loop between blocks so stdout is flushed to the parent
  setImmediate(loop)
}

loop()
