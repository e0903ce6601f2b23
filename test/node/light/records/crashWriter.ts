/**
 * Child process of the crash test (crash.test.ts): writes records as fast as it can, forever,
 * until the parent kills it with SIGKILL.
 *
 *   node --import tsx test/node/light/records/crashWriter.ts <dbPath> <keyHex>
 *
 * Opens the records file, prints `open <total>` (records of every type), then loops over
 * heights h = latest + 1, …: in ONE batch it builds and records block h (signed commit), its
 * 1 + h % 3 transactions with inclusion proofs, a holding snapshot with its state proof and an
 * audit entry `sync.block`; every other block it then appends a second audit entry on its own.
 * After each write it prints `committed <total>`. The block is built (transactions and the
 * commit signed) inside the write transaction, so kills land inside it too.
 */
import { RecordStore } from '../../../../src/node/light/records'
import { keys } from '../../../../src/node/state/keys'
import { alice, bob, SyntheticState, syntheticBlock, transfer } from './fixtures'

const [dbPath, keyHex] = process.argv.slice(2)
if (!dbPath || !keyHex) throw new Error('usage: crashWriter.ts <dbPath> <keyHex>')

const store = RecordStore.open({ path: dbPath, key: Buffer.from(keyHex, 'hex') })
const counts = store.counts()
let total = Object.values(counts).reduce((a, b) => a + b, 0)
process.stdout.write(`open ${total}\n`)

const state = new SyntheticState()
const holdingKey = keys.balance('ACME', bob.address)
const GENESIS_MS = 1_767_225_600_000n

for (let height = (store.latestBlock()?.height ?? 0n) + 1n; ; height++) {
  store.batch((records) => {
    const count = 1 + Number(height % 3n)
    const txs = Array.from({ length: count }, (_, i) =>
      transfer(alice, bob.address, height * 10n + BigInt(i)),
    )
    const root = state.apply([[holdingKey, height * 1000n]])
    const synthetic = syntheticBlock(height, GENESIS_MS + height * 1000n, txs, root)
    records.putBlock(synthetic.block)
    for (let i = 0; i < count; i++) records.putTransaction(synthetic.tx(i, [bob.address]))
    records.putHolding({
      symbol: 'ACME',
      holder: bob.address,
      height,
      proof: state.prove(holdingKey),
    })
    records.appendAudit({ user: 'sync', action: 'sync.block', details: { height: Number(height) } })
    total += 3 + count
  })
  process.stdout.write(`committed ${total}\n`)
  if (height % 2n === 0n) {
    store.appendAudit({
      user: 'maria',
      action: 'records.view',
      details: { height: Number(height) },
    })
    total += 1
    process.stdout.write(`committed ${total}\n`)
  }
}
