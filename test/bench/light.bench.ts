/**
 * Light-client benchmark, over pre-generated synthetic chains (test/node/light/syntheticChain.ts:
 * four validators, commits signed with libsecp256k1 before the clock starts):
 * - sequential (adjacent) header verification rate, headers/s — goal ≥ 2,000 — against a
 *   baseline in the same process: the same verification with pure-JS (@noble) recovery;
 * - skipping sync from genesis to the tip of a 100,000-block chain with an unchanged validator
 *   set through an in-memory provider: seconds and light blocks fetched — goal < 1 s — against
 *   the time sequential verification of the same 100,000 headers takes at the rate measured.
 * `CUSTOS_BENCH_LIGHT_HEADERS` sets the sequential chain's length (default 5,000).
 */
import { nativeRecoverAddress, nativeSecp256k1Available } from '../../src/node/chain'
import { LightClient, verifyAdjacent, type LightBlock } from '../../src/node/light'
import { nobleRecoverAddress, type RecoverAddress } from '../../src/node/protocol'
import { MemoryProvider, SyntheticChain } from '../node/light/syntheticChain'

const SEQUENTIAL = Number(process.env['CUSTOS_BENCH_LIGHT_HEADERS'] ?? 5_000)
const BASELINE = Math.min(SEQUENTIAL, 500)
const SKIP_LENGTH = 100_000

function print(line: string): void {
  process.stdout.write(`${line}\n`)
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/** Verifies blocks[1..count] each from the one before; returns headers per second. */
function verifyRate(blocks: readonly LightBlock[], count: number, recover: RecoverAddress): number {
  const options = {
    domain: new SyntheticChain({ length: 0 }).domain,
    trustingPeriodMs: 14n * 86_400_000n,
    maxClockDriftMs: 10_000n,
    now: BigInt(Date.now()),
    recover,
  }
  const started = performance.now()
  for (let i = 1; i <= count; i++)
    verifyAdjacent(blocks[i - 1] as LightBlock, blocks[i] as LightBlock, options)
  return count / ((performance.now() - started) / 1000)
}

export async function run(): Promise<void> {
  print(`native libsecp256k1: ${nativeSecp256k1Available() ? 'yes' : 'NO (pure-JS fallback)'}`)

  let started = performance.now()
  const chain = new SyntheticChain({ length: SEQUENTIAL })
  const blocks = Array.from({ length: SEQUENTIAL + 1 }, (_, h) => chain.block(BigInt(h)))
  print(
    `generated and signed ${fmt(SEQUENTIAL)} blocks (4 validators) in ` +
      `${fmt((performance.now() - started) / 1000, 2)} s`,
  )
  verifyRate(blocks, Math.min(200, SEQUENTIAL), nativeRecoverAddress) // warm-up
  const native = verifyRate(blocks, SEQUENTIAL, nativeRecoverAddress)
  const noble = verifyRate(blocks, BASELINE, nobleRecoverAddress)
  print(
    `sequential verification: ${fmt(native)} headers/s over ${fmt(SEQUENTIAL)} headers ` +
      `(goal ≥ 2,000: ${native >= 2_000 ? 'met' : 'NOT met'})`,
  )
  print(
    `  baseline, pure-JS recovery (@noble/curves): ${fmt(noble)} headers/s over ${fmt(BASELINE)} ` +
      `headers — libsecp256k1 is ×${fmt(native / noble, 1)}`,
  )

  started = performance.now()
  const big = new SyntheticChain({ length: SKIP_LENGTH })
  big.commit(big.head) // signed before the clock starts, like every other commit here
  print(
    `generated a ${fmt(SKIP_LENGTH)}-block chain in ${fmt((performance.now() - started) / 1000, 2)} s`,
  )
  const primary = new MemoryProvider(big)
  const client = await LightClient.create({
    root: { kind: 'block', block: big.block(0n) },
    chain: big.chain,
    primary,
  })
  started = performance.now()
  const synced = await client.sync()
  const seconds = (performance.now() - started) / 1000
  if (synced.header.height !== big.head) throw new Error('the skipping sync did not reach the tip')
  const sequentialSeconds = SKIP_LENGTH / native
  print(
    `skipping sync genesis → ${fmt(SKIP_LENGTH)}: ${fmt(seconds * 1000, 2)} ms, ` +
      `${primary.asked.length} light block(s) fetched (goal < 1 s: ${seconds < 1 ? 'met' : 'NOT met'})`,
  )
  print(
    `  baseline, sequential verification of the same ${fmt(SKIP_LENGTH)} headers at ` +
      `${fmt(native)} headers/s: ${fmt(sequentialSeconds, 1)} s — skipping is ×${fmt(sequentialSeconds / seconds)}`,
  )
}
