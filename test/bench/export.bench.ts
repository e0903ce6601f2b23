/**
 * Auditor export of 100,000 records (goal: under 10 s): 80,000 signed transfers in 100 real
 * blocks and 20,000 holding snapshots with state proofs, kept in a real encrypted records file,
 * exported to bundle.json (every record with its proof, the light blocks from genesis), seven
 * CSV files and the PDF report. Baselines in the same process, over the same records: reading
 * them from the records file, and writing the same rows as plain comma-joined text (no proofs,
 * no quoting, no bundle, no report). Then the offline verification of the bundle, for scale.
 * Setup (signing with libsecp256k1, building the chain and the records file) is not timed.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import secp256k1 from 'secp256k1'
import { Chain, nativeRecoverAddress } from '../../src/node/chain'
import { exportRecords, verifyBundle } from '../../src/node/light/export'
import { RecordStore } from '../../src/node/light/records'
import {
  canonicalMessage,
  concatBytes,
  decodeTx,
  fromHex,
  headerHash,
  keccak256,
  toHex,
  txDigest,
  type Hex,
  type SignedTx,
} from '../../src/node/protocol'
import { keys } from '../../src/node/state/keys'
import { Store } from '../../src/node/store'
import {
  actor,
  FAR_FUTURE,
  testDomain,
  testGenesis,
  validators,
  type Actor,
} from '../fixtures/network'
import { mulberry32 } from '../fixtures/random'

const HOLDERS = 1_000
const BLOCKS = 100
const TXS_PER_BLOCK = 800
const HOLDINGS_PER_BLOCK = 200
const RECORDS = BLOCKS * (TXS_PER_BLOCK + HOLDINGS_PER_BLOCK)

/** A transfer signed with libsecp256k1 (low-s, v = 27 + recovery id), as `signTx` would. */
function signTransfer(from: Actor, to: Actor, amount: bigint, nonce: bigint): SignedTx {
  const message = canonicalMessage('Transfer', {
    from: from.address,
    nonce,
    validUntil: FAR_FUTURE,
    symbol: 'EURC',
    to: to.address,
    amount,
  })
  const digest = fromHex(txDigest(testDomain, { kind: 'Transfer', message }))
  const { signature, recid } = secp256k1.ecdsaSign(digest, from.key)
  return {
    kind: 'Transfer',
    chainId: testDomain.chainId,
    message,
    signature: toHex(concatBytes(signature, Uint8Array.of(27 + recid))),
  }
}

/** RFC 6962 audit paths of every leaf at once (merkle.ts's shape), O(n log n). */
function allProofs(leaves: readonly Uint8Array[]): { root: Uint8Array; paths: Uint8Array[][] } {
  if (leaves.length === 1)
    return { root: keccak256(concatBytes(Uint8Array.of(0), leaves[0] as Uint8Array)), paths: [[]] }
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  const left = allProofs(leaves.slice(0, k))
  const right = allProofs(leaves.slice(k))
  return {
    root: keccak256(concatBytes(Uint8Array.of(1), left.root, right.root)),
    paths: [
      ...left.paths.map((p) => [...p, right.root]),
      ...right.paths.map((p) => [...p, left.root]),
    ],
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

function size(path: string): string {
  return `${(statSync(path).size / 1_048_576).toFixed(1)} MiB`
}

/** Builds the chain and the records file; returns what the export needs. */
function setup(dir: string) {
  const holders = Array.from({ length: HOLDERS }, (_, i) => actor(`holder-${i}`))
  const genesis = testGenesis({ extraInvestors: holders })
  const store = Store.open(join(dir, 'node.db'))
  const chain = Chain.open({ store, genesis, validatorKeys: validators.map((v) => v.key) })
  const key = randomBytes(32)
  const records = RecordStore.open({ path: join(dir, 'records.db'), key })
  const random = mulberry32(7)
  const nonces = new Map<string, bigint>()
  const genesisHeader = store.header(0n)
  if (!genesisHeader) throw new Error('no genesis')
  const root = { header: genesisHeader, commit: null, validators: chain.validators() }
  let time = genesisHeader.timeMs
  for (let b = 0; b < BLOCKS; b++) {
    for (let i = 0; i < TXS_PER_BLOCK; i++) {
      const from = holders[Math.floor(random() * HOLDERS)] as Actor
      const to = holders[
        (holders.indexOf(from) + 1 + Math.floor(random() * (HOLDERS - 1))) % HOLDERS
      ] as Actor
      const nonce = nonces.get(from.address) ?? 0n
      nonces.set(from.address, nonce + 1n)
      chain.submit(signTransfer(from, to, BigInt(1 + Math.floor(random() * 10_000)), nonce))
    }
    const signing = chain.validators()
    time += 1000n
    const produced = chain.produceBlock(time)
    if (produced.included.length !== TXS_PER_BLOCK) throw new Error('a transfer was refused')
    const { header } = produced.block
    const { paths } = allProofs(produced.included.map((id) => fromHex(id)))
    records.batch((r) => {
      r.putBlock({ header, commit: produced.commit, validators: signing })
      produced.included.forEach((id, index) =>
        r.putTransaction({
          id,
          height: header.height,
          index,
          txCount: TXS_PER_BLOCK,
          bytes: produced.block.txs[index] as Uint8Array,
          proof: (paths[index] ?? []).map((p) => toHex(p)),
          accounts: [],
        }),
      )
      for (let i = 0; i < HOLDINGS_PER_BLOCK; i++) {
        const holder = holders[(b * HOLDINGS_PER_BLOCK + i) % HOLDERS] as Actor
        r.putHolding({
          symbol: 'EURC',
          holder: holder.address,
          height: header.height,
          proof: store.prove(keys.balance('EURC', holder.address)),
        })
      }
    })
  }
  store.close()
  records.close()
  return { key, root, rootHash: headerHash(root.header) as Hex }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-export-bench-'))
  try {
    let t = performance.now()
    const { key, root, rootHash } = setup(dir)
    console.log(
      `setup (not timed below): ${RECORDS.toLocaleString('en-US')} records in ${BLOCKS} blocks (${TXS_PER_BLOCK} transfers + ${HOLDINGS_PER_BLOCK} holdings each) in ${seconds(performance.now() - t)}`,
    )
    const records = RecordStore.open({ path: join(dir, 'records.db'), key, readOnly: true })

    // baseline 1: read every record
    t = performance.now()
    let read = 0
    for (const record of records.iterateRecords({ types: ['transaction', 'holding'] }))
      if (record) read++
    const readMs = performance.now() - t

    // baseline 2: the same rows as plain text, no proofs, no quoting, no bundle, no report
    t = performance.now()
    const plain = openSync(join(dir, 'plain.csv'), 'w')
    let chunk: string[] = []
    for (const record of records.iterateRecords({ types: ['transaction', 'holding'] })) {
      if (record.type === 'transaction') {
        const tx = decodeTx(record.bytes)
        const m = tx.message as { to?: string; amount?: bigint; symbol?: string }
        chunk.push(
          `${record.height},${record.timeMs},${record.index},${record.id},${tx.kind},${tx.message.from},${tx.message.nonce},${m.symbol},${m.to},${m.amount}\n`,
        )
      } else if (record.type === 'holding')
        chunk.push(
          `${record.height},${record.timeMs},${record.symbol},${record.holder},${record.amount}\n`,
        )
      if (chunk.length >= 10_000) {
        writeSync(plain, chunk.join(''))
        chunk = []
      }
    }
    writeSync(plain, chunk.join(''))
    closeSync(plain)
    const plainMs = performance.now() - t

    // the export
    t = performance.now()
    const result = await exportRecords({
      source: records,
      directory: join(dir, 'export'),
      chain: { chainId: testDomain.chainId, verifyingContract: testDomain.verifyingContract },
      trustedRoot: { height: 0n, hash: rootHash },
      rootBlock: root,
    })
    const exportMs = performance.now() - t
    records.close()

    console.log(`records read: ${read.toLocaleString('en-US')}`)
    console.log(`  baseline, reading the records file: ${seconds(readMs)}`)
    console.log(
      `  baseline, plain rows (no proofs, no quoting): ${seconds(plainMs)} (${size(join(dir, 'plain.csv'))})`,
    )
    console.log(
      `  export (bundle + 7 CSV + PDF): ${seconds(exportMs)} = ${Math.round((RECORDS / exportMs) * 1000).toLocaleString('en-US')} records/s, ${(exportMs / plainMs).toFixed(1)}x the plain rows; goal < 10 s: ${exportMs < 10_000 ? 'met' : 'MISSED'}`,
    )
    console.log(
      `  bundle.json ${size(result.bundlePath)}, transactions.csv ${size(result.csvPaths.transaction ?? '')}, holdings.csv ${size(result.csvPaths.holding ?? '')}, report.pdf ${size(result.pdfPath ?? '')}`,
    )

    t = performance.now()
    const text = readFileSync(result.bundlePath, 'utf8')
    const report = await verifyBundle(
      JSON.parse(text),
      { height: 0n, hash: rootHash },
      { recover: nativeRecoverAddress },
    )
    const verifyMs = performance.now() - t
    console.log(
      `  offline verification of the bundle: ${seconds(verifyMs)} (${report.ok ? 'ok' : `${report.failures.length} FAILURES`}, ${report.checked.toLocaleString('en-US')} items)`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run()
