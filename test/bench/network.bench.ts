/**
 * Four validator processes on loopback (the CLI's `node start`), driven over JSON-RPC:
 * - idle block time;
 * - sustained committed transfers per second over 60 s under an open-loop load;
 * - submit-to-commit latency p50/p99 at half that load.
 * Transactions are signed before the clock starts (libsecp256k1) by 64 funded accounts.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import secp256k1 from 'secp256k1'
import { createDevnet, spawnNode } from '../../src/node/cli/commands/devnet'
import { demoAccounts } from '../../src/node/cli/devnetGenesis'
import { readConfig } from '../../src/node/cli/home'
import {
  addressOfPrivateKey,
  canonicalMessage,
  concatBytes,
  custosDomain,
  decodeTx,
  devPrivateKey,
  encodeTx,
  fromHex,
  toHex,
  txDigest,
  type Address,
  type CustosDomain,
  type Hex,
  type SignedTx,
  type TxKind,
  type TxMessages,
} from '../../src/node/protocol'

const LOAD_SECONDS = Number(process.env['CUSTOS_BENCH_SECONDS'] ?? 60)
const SIGNERS = 64

interface Account {
  key: Uint8Array
  address: Address
  nonce: bigint
}

function fastSign<K extends TxKind>(
  domain: CustosDomain,
  kind: K,
  message: TxMessages[K],
  key: Uint8Array,
): Uint8Array {
  const canonical = canonicalMessage(kind, message)
  const digest = fromHex(txDigest(domain, { kind, message: canonical } as never))
  const { signature, recid } = secp256k1.ecdsaSign(digest, key)
  const tx = {
    kind,
    chainId: domain.chainId,
    message: canonical,
    signature: toHex(concatBytes(signature, Uint8Array.of(27 + recid))),
  }
  return encodeTx(tx as SignedTx)
}

async function rpc<T>(url: string, method: string, params: unknown = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: T; error?: { message: string } }
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result as T
}

/** Refusals seen by submissions, by message (reported at the end). */
const refusals = new Map<string, number>()

/** Submits in JSON-RPC batches of at most 50 (the server's cap); returns how many were accepted. */
async function submitBatch(url: string, txs: Uint8Array[]): Promise<number> {
  let accepted = 0
  for (let i = 0; i < txs.length; i += 50) {
    const chunk = txs.slice(i, i + 50)
    const request = JSON.stringify(
      chunk.map((tx, j) => ({
        jsonrpc: '2.0',
        id: j,
        method: 'custos_submitTx',
        params: { tx: toHex(tx) },
      })),
    )
    // a keep-alive connection the server closed while this process was busy signing fails
    // once: send again rather than lose the batch (later nonces would wait for it forever)
    let response: Response | undefined
    for (let attempt = 0; !response; attempt++) {
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: request,
        })
      } catch (error) {
        if (attempt >= 3) throw error
      }
    }
    const body = (await response.json()) as Array<{ error?: unknown }> | { error: unknown }
    if (Array.isArray(body)) accepted += body.filter((r) => !r.error).length
    const refusal = Array.isArray(body) ? body.find((r) => r.error)?.error : body.error
    if (refusal && refusals.size === 0 && process.env['CUSTOS_BENCH_VERBOSE'])
      console.log(`first refusal: ${JSON.stringify(refusal).slice(0, 300)}`)
    if (refusal)
      refusals.set(
        JSON.stringify(refusal).slice(0, 160),
        (refusals.get(JSON.stringify(refusal).slice(0, 160)) ?? 0) + 1,
      )
  }
  return accepted
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface BlockInfo {
  height: bigint
  timeMs: bigint
  txIds: Hex[]
  seenAt: number
}

/** Follows committed blocks on one node, noting when each was first seen. */
function follow(url: string, onBlock: (block: BlockInfo) => void): () => void {
  let stopped = false
  let next = -1n
  void (async () => {
    while (!stopped) {
      try {
        const status = await rpc<{ height: string }>(url, 'custos_status')
        const head = BigInt(status.height)
        if (next < 0n) next = head + 1n
        for (; next <= head && !stopped; next++) {
          const block = await rpc<{ header: { timeMs: string }; txIds: Hex[] }>(
            url,
            'custos_getBlock',
            { height: next.toString() },
          )
          onBlock({
            height: next,
            timeMs: BigInt(block.header.timeMs),
            txIds: block.txIds,
            seenAt: performance.now(),
          })
        }
      } catch {
        // a busy node: try again
      }
      await sleep(40)
    }
  })()
  return () => {
    stopped = true
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-netbench-'))
  const children: ChildProcess[] = []
  try {
    const homes = await createDevnet({ dataDir: dir, validators: 4 })
    const urls = homes.map((home) => `http://127.0.0.1:${readConfig(home).rpc.port}`)
    for (const home of homes) children.push(spawnNode(home))
    const genesis = JSON.parse(readFileSync(join(homes[0] as string, 'genesis.json'), 'utf8')) as {
      chainId: string
      verifyingContract: Address
    }
    const domain = custosDomain(BigInt(genesis.chainId), genesis.verifyingContract)
    for (;;) {
      try {
        if (
          BigInt((await rpc<{ height: string }>(urls[0] as string, 'custos_status')).height) >= 3n
        )
          break
      } catch {
        // not up yet
      }
      await sleep(200)
    }

    // idle block time
    const idle: BlockInfo[] = []
    const stopIdle = follow(urls[0] as string, (b) => idle.push(b))
    await sleep(10_000)
    stopIdle()
    const gaps = idle.slice(1).map((b, i) => Number(b.timeMs - (idle[i] as BlockInfo).timeMs))
    const idleMean = gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)
    console.log(
      `idle block time: mean ${idleMean.toFixed(0)} ms over ${gaps.length} blocks (min ${Math.min(...gaps)}, max ${Math.max(...gaps)})`,
    )

    // fund 64 signers: KYC claims from the demo KYC provider, EURD from alice
    const demo = new Map(
      demoAccounts().map((a) => [
        a.name,
        { key: fromHex(a.privateKey), address: a.address, nonce: 0n },
      ]),
    )
    const kyc = demo.get('kyc-provider') as Account
    const alice = demo.get('alice') as Account
    const signers: Account[] = Array.from({ length: SIGNERS }, (_, i) => {
      const key = devPrivateKey(`bench-signer-${i}`)
      return { key, address: addressOfPrivateKey(key), nonce: 0n }
    })
    const setup: Uint8Array[] = []
    for (const s of signers) {
      setup.push(
        fastSign(
          domain,
          'IssueClaim',
          {
            from: kyc.address,
            subject: s.address,
            topic: 'kyc',
            value: 'true',
            expiresAt: 0n,
            nonce: kyc.nonce++,
            validUntil: 4_102_444_800n,
          },
          kyc.key,
        ),
      )
    }
    await submitBatch(urls[0] as string, setup)
    const funding: Uint8Array[] = signers.map((s) =>
      fastSign(
        domain,
        'Transfer',
        {
          from: alice.address,
          symbol: 'EURD',
          to: s.address,
          amount: 1_000_000_000n,
          nonce: alice.nonce++,
          validUntil: 4_102_444_800n,
        },
        alice.key,
      ),
    )
    await sleep(2_500)
    await submitBatch(urls[0] as string, funding)
    await sleep(3_000)

    const makeLoad = (count: number): Uint8Array[] => {
      const out: Uint8Array[] = []
      for (let i = 0; i < count; i++) {
        const from = signers[i % SIGNERS] as Account
        const to = signers[(i * 7 + 1) % SIGNERS] as Account
        const target = to === from ? (signers[(i + 1) % SIGNERS] as Account) : to
        out.push(
          fastSign(
            domain,
            'Transfer',
            {
              from: from.address,
              symbol: 'EURD',
              to: target.address,
              amount: 1n,
              nonce: from.nonce++,
              validUntil: 4_102_444_800n,
            },
            from.key,
          ),
        )
      }
      return out
    }

    /** Submits `rate` tx/s for `seconds` in 100 ms slices; returns per-id submit times and committed blocks. */
    const drive = async (rate: number, seconds: number) => {
      const txs = makeLoad(Math.ceil(rate * seconds))
      const submittedAt = new Map<string, number>()
      const blocks: BlockInfo[] = []
      const stop = follow(urls[0] as string, (b) => blocks.push(b))
      const start = performance.now()
      const perSlice = Math.max(1, Math.round(rate / 10))
      let sent = 0
      let lost = 0
      for (let slice = 0; sent < txs.length; slice++) {
        const due = start + slice * 100
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
        const batch = txs.slice(sent, sent + perSlice)
        const url = urls[slice % urls.length] as string
        const now = performance.now()
        for (const tx of batch) submittedAt.set(txDigest(domain, decodeTx(tx)), now)
        sent += batch.length
        void submitBatch(url, batch).catch((error: unknown) => {
          lost += batch.length
          console.log(`a batch of ${batch.length} was lost: ${String(error)}`)
        })
      }
      const loadEnd = performance.now()
      await sleep(5_000)
      stop()
      return { submittedAt, blocks, start, loadEnd, lost }
    }

    const full = await drive(Number(process.env['CUSTOS_BENCH_RATE'] ?? 1200), LOAD_SECONDS)
    if (refusals.size > 0) console.log(`refusals: ${JSON.stringify([...refusals].slice(0, 5))}`)
    const loaded = full.blocks.filter((b) => b.txIds.length > 0)
    const committed = loaded.reduce((n, b) => n + b.txIds.length, 0)
    // from the block before the first loaded one to the last loaded one, by block times
    const first =
      full.blocks[full.blocks.indexOf(loaded[0] as BlockInfo) - 1] ?? (loaded[0] as BlockInfo)
    const last = loaded[loaded.length - 1] as BlockInfo
    const windowSeconds = Number(last.timeMs - first.timeMs) / 1000
    const sustained = committed / windowSeconds
    if (process.env['CUSTOS_BENCH_VERBOSE'])
      console.log(loaded.map((b) => `${b.height}:${b.txIds.length}`).join(' '))
    console.log(
      `sustained load: ${committed} transfers committed in ${windowSeconds.toFixed(1)} s of blocks → ${sustained.toFixed(0)} tx/s ` +
        `(offered ${(full.submittedAt.size / LOAD_SECONDS).toFixed(0)} tx/s for ${LOAD_SECONDS} s; ${loaded.length} blocks, ` +
        `mean block time under load ${((windowSeconds * 1000) / loaded.length).toFixed(0)} ms)`,
    )

    const half = await drive(Math.max(10, Math.round(sustained / 2)), Math.min(30, LOAD_SECONDS))
    const latencies: number[] = []
    for (const block of half.blocks)
      for (const id of block.txIds) {
        const at = half.submittedAt.get(id)
        if (at !== undefined) latencies.push(block.seenAt - at)
      }
    latencies.sort((a, b) => a - b)
    console.log(
      `latency at ${Math.round(sustained / 2)} tx/s: p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms over ${latencies.length} transfers`,
    )
  } finally {
    for (const child of children) child.kill('SIGTERM')
    await sleep(1_000)
    for (const child of children) child.kill('SIGKILL')
    if (process.env['CUSTOS_BENCH_KEEP']) console.log(`kept ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run()
