/**
 * Compliance-checked signed transfers applied per second: transactions arrive as wire bytes (as
 * from the network), each is decoded and its signature verified (native libsecp256k1), nonce and compliance rules checked, the state trie is
 * committed and the block written to SQLite (WAL, synchronous=FULL) every 1,000 transactions.
 * Also: signature recoveries per second, native next to @noble/curves, on the same digests.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Chain, nativeRecoverAddress, nativeSecp256k1Available } from '../../src/node/chain'
import {
  encodeTx,
  fromHex,
  nobleRecoverAddress,
  parseSignature,
  txDigest,
  type SignedTx,
} from '../../src/node/protocol'
import { Store } from '../../src/node/store'
import { mulberry32 } from '../fixtures/random'
import { actor, sign, testDomain, testGenesis, validators, type Actor } from '../fixtures/network'

const HOLDERS = 2_000
const BLOCKS = 8
const TXS_PER_BLOCK = 1_000

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`
}

export async function run(): Promise<void> {
  const holders: Actor[] = Array.from({ length: HOLDERS }, (_, i) => actor(`holder-${i}`))
  const genesis = testGenesis({
    extraInvestors: holders,
    acmeRules: {
      maxBalancePerHolder: '100000000',
      maxHolders: '100000',
      maxTransferPerPeriod: '1000000',
      transferPeriod: '86400',
    },
  })
  const nonces = new Map<string, bigint>()
  const blocks: SignedTx[][] = []
  const random = mulberry32(1)
  for (let b = 0; b < BLOCKS; b++) {
    const txs: SignedTx[] = []
    for (let i = 0; i < TXS_PER_BLOCK; i++) {
      const from = holders[Math.floor(random() * HOLDERS)] as Actor
      let to = holders[Math.floor(random() * HOLDERS)] as Actor
      if (to === from) to = holders[(holders.indexOf(from) + 1) % HOLDERS] as Actor
      const nonce = nonces.get(from.address) ?? 0n
      nonces.set(from.address, nonce + 1n)
      txs.push(
        sign(
          from,
          'Transfer',
          { symbol: 'ACME', to: to.address, amount: BigInt(1 + Math.floor(random() * 100)) },
          nonce,
        ),
      )
    }
    blocks.push(txs)
  }

  const wire = blocks.map((txs) => txs.map(encodeTx))
  const dir = mkdtempSync(join(tmpdir(), 'custos-bench-'))
  try {
    const store = Store.open(join(dir, 'node.db'))
    const chain = Chain.open({ store, genesis, validatorKeys: validators.map((v) => v.key) })
    let applied = 0
    let blockStart = 0
    const start = performance.now()
    const perBlock: number[] = []
    for (const txs of wire) {
      blockStart = performance.now()
      for (const tx of txs) chain.submit(tx)
      const produced = chain.produceBlock()
      if (produced.rejected.length > 0)
        throw new Error(`rejected: ${produced.rejected[0]?.error.message}`)
      applied += produced.included.length
      perBlock.push(performance.now() - blockStart)
    }
    const total = performance.now() - start
    console.log(
      `transfers applied: ${applied} in ${BLOCKS} blocks of ${TXS_PER_BLOCK} (${HOLDERS} holders, ACME with kyc, deny-list, max-balance, max-holders, transfer-limit rules)`,
    )
    console.log(
      `  throughput: ${rate(applied, total)}  (block times ms: ${perBlock.map((t) => t.toFixed(0)).join(', ')})`,
    )
    console.log(
      `  integrity: ${store.checkIntegrity().ok ? 'state root rebuilt from flat state matches head' : 'MISMATCH'}`,
    )
    store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }

  const sample = (blocks[0] ?? []).slice(0, 2_000)
  const inputs = sample.map((tx) => ({
    digest: fromHex(txDigest(testDomain, tx)),
    signature: parseSignature(tx.signature),
  }))
  const measure = (recover: typeof nativeRecoverAddress, rounds: number): number => {
    const t = performance.now()
    for (let r = 0; r < rounds; r++) for (const i of inputs) recover(i.digest, i.signature)
    return (inputs.length * rounds) / ((performance.now() - t) / 1000)
  }
  measure(nativeRecoverAddress, 1)
  measure(nobleRecoverAddress, 1)
  const native = measure(nativeRecoverAddress, 5)
  const noble = measure(nobleRecoverAddress, 2)
  console.log(
    `signature recoveries/s: libsecp256k1 (secp256k1 package, native=${nativeSecp256k1Available()}) ${Math.round(native).toLocaleString('en-US')}/s; @noble/curves ${Math.round(noble).toLocaleString('en-US')}/s; ratio ${(native / noble).toFixed(1)}x`,
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run()
