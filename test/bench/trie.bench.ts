/**
 * MerkleTrie vs @ethereumjs/mpt on a chain-like workload: pre-populate 20,000 keys, then
 * 5 blocks of 3,000 puts (mostly updates of existing accounts, some new ones) with one commit
 * per block. Both tries persist nodes into an in-memory map.
 *
 * Run: npx tsx test/bench/trie.bench.ts
 */
import { pathToFileURL } from 'node:url'
import { createMPT } from '@ethereumjs/mpt'
import { MapDB, ValueEncoding, bytesToHex } from '@ethereumjs/util'
import { MerkleTrie, type TrieNodeSource } from '../../src/node/store/trie'
import { mulberry32 as rng } from '../fixtures/random'

const PREPOPULATE = 20_000
const BLOCKS = 5
const PUTS_PER_BLOCK = 3_000
const NEW_KEY_SHARE = 0.2

interface Op {
  key: Uint8Array
  value: Uint8Array
}

interface Workload {
  initial: Op[]
  blocks: Op[][]
}

function bytes(r: () => number, len: number): Uint8Array {
  const out = new Uint8Array(len)
  for (let i = 0; i < len; i++) out[i] = Math.floor(r() * 256)
  return out
}

/** 20-byte addresses and ~70-byte account-like values. */
function makeWorkload(): Workload {
  const r = rng(2024)
  const keys: Uint8Array[] = []
  const initial: Op[] = []
  for (let i = 0; i < PREPOPULATE; i++) {
    const key = bytes(r, 20)
    keys.push(key)
    initial.push({ key, value: bytes(r, 70) })
  }
  const blocks: Op[][] = []
  for (let b = 0; b < BLOCKS; b++) {
    const ops: Op[] = []
    for (let i = 0; i < PUTS_PER_BLOCK; i++) {
      let key: Uint8Array
      if (r() < NEW_KEY_SHARE) {
        key = bytes(r, 20)
        keys.push(key)
      } else {
        key = keys[Math.floor(r() * keys.length)] as Uint8Array
      }
      ops.push({ key, value: bytes(r, 70) })
    }
    blocks.push(ops)
  }
  return { initial, blocks }
}

class MapSource implements TrieNodeSource {
  readonly nodes = new Map<string, Uint8Array>()
  getNode(hash: Uint8Array): Uint8Array | undefined {
    return this.nodes.get(bytesToHex(hash).slice(2))
  }
}

interface Result {
  prepopulateMs: number
  blocksMs: number
  root: string
}

function runOurs(w: Workload): Result {
  const source = new MapSource()
  const trie = new MerkleTrie(source)
  const persist = (nodes: Map<string, Uint8Array>): void => {
    for (const [k, v] of nodes) source.nodes.set(k, v)
  }
  let t0 = performance.now()
  for (const op of w.initial) trie.put(op.key, op.value)
  persist(trie.commit().nodes)
  const prepopulateMs = performance.now() - t0
  t0 = performance.now()
  for (const block of w.blocks) {
    for (const op of block) trie.put(op.key, op.value)
    persist(trie.commit().nodes)
  }
  const blocksMs = performance.now() - t0
  return { prepopulateMs, blocksMs, root: bytesToHex(trie.root) }
}

async function runEthereumJs(w: Workload): Promise<Result> {
  const trie = await createMPT({
    useKeyHashing: true,
    valueEncoding: ValueEncoding.Bytes,
    db: new MapDB<string, Uint8Array>(),
  })
  let t0 = performance.now()
  for (const op of w.initial) await trie.put(op.key, op.value)
  const prepopulateMs = performance.now() - t0
  t0 = performance.now()
  for (const block of w.blocks) {
    for (const op of block) await trie.put(op.key, op.value)
    trie.root()
  }
  const blocksMs = performance.now() - t0
  return { prepopulateMs, blocksMs, root: bytesToHex(trie.root()) }
}

const perSec = (n: number, ms: number): number => Math.round((n / ms) * 1000)

export async function run(): Promise<void> {
  const w = makeWorkload()
  const blockPuts = BLOCKS * PUTS_PER_BLOCK
  runOurs(makeWorkload()) // JIT warm-up
  const ours = runOurs(w)
  const ref = await runEthereumJs(w)
  if (ours.root !== ref.root) throw new Error(`root mismatch: ${ours.root} vs ${ref.root}`)
  const oursRate = perSec(blockPuts, ours.blocksMs)
  const refRate = perSec(blockPuts, ref.blocksMs)
  console.log(
    `trie bench: ${PREPOPULATE} keys pre-populated, ${BLOCKS} blocks x ${PUTS_PER_BLOCK} puts`,
  )
  console.log(
    `  MerkleTrie      prepopulate ${perSec(PREPOPULATE, ours.prepopulateMs)} puts/s, blocks ${oursRate} puts/s (${(ours.blocksMs / BLOCKS).toFixed(1)} ms/block incl. commit)`,
  )
  console.log(
    `  @ethereumjs/mpt prepopulate ${perSec(PREPOPULATE, ref.prepopulateMs)} puts/s, blocks ${refRate} puts/s (${(ref.blocksMs / BLOCKS).toFixed(1)} ms/block)`,
  )
  console.log(`  ratio ${(oursRate / refRate).toFixed(1)}x, roots equal ${ours.root}`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run()
}
