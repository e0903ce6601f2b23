/**
 * The consensus driver on a one-validator chain, with a transport whose block requests the test
 * answers by hand: when the next height falls due while a catch-up request is outstanding, it
 * must start once the request ends (the chain stalled otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Chain } from '../../../src/node/chain'
import {
  ConsensusDriver,
  type ConsensusTransport,
} from '../../../src/node/consensus/ConsensusDriver'
import { ConsensusWal } from '../../../src/node/consensus/safety/ConsensusWal'
import { SafeSigner } from '../../../src/node/consensus/safety/SafeSigner'
import { parseGenesis } from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import { txDigest, type SignedTx } from '../../../src/node/protocol'
import { testDomain, sign, testGenesisDocument, validators } from '../../fixtures/network'

const dirs: string[] = []
const drivers: ConsensusDriver[] = []
afterEach(() => {
  for (const driver of drivers.splice(0)) driver.stop()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const quiet = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A one-validator chain over a temporary store, with its signer. */
function soloChain(genesis: Record<string, unknown>): {
  dir: string
  chain: Chain
  signer: SafeSigner
} {
  const dir = mkdtempSync(join(tmpdir(), 'custos-driver-'))
  dirs.push(dir)
  const validator = validators[0] as (typeof validators)[number]
  const doc = {
    ...genesis,
    validators: [{ address: validator.address, power: '10', name: 'solo' }],
  }
  const chain = Chain.open({
    store: Store.open(join(dir, 'node.db')),
    genesis: parseGenesis(doc),
  })
  const statePath = join(dir, 'signer.json')
  SafeSigner.initialize({
    statePath,
    validator: validator.address,
    chainId: chain.domain.chainId,
  })
  const signer = SafeSigner.open({ statePath, privateKey: validator.key })
  return { dir, chain, signer }
}

const txId = (tx: SignedTx) => txDigest(testDomain, tx)

const idleTransport: ConsensusTransport = {
  broadcast: () => undefined,
  onMessage: () => () => undefined,
  peers: () => [],
  requestBlocks: () => Promise.resolve([]),
}

describe('ConsensusDriver', () => {
  it('keeps committing when a height is decided during a catch-up request', async () => {
    const { dir, chain, signer } = soloChain(testGenesisDocument())
    let answer: ((items: Uint8Array[]) => void) | undefined
    const transport: ConsensusTransport = {
      broadcast: () => undefined,
      onMessage: () => () => undefined,
      peers: () => ['peer-a'],
      requestBlocks: () => new Promise((resolve) => (answer = resolve)),
    }
    const driver = new ConsensusDriver({
      chain,
      transport,
      signer,
      wal: ConsensusWal.open({ dir: join(dir, 'wal') }),
      log: quiet,
      blockIntervalMs: 300,
      stallMs: 60_000,
    })
    drivers.push(driver)
    driver.start()
    await until('block 1', () => chain.head().height >= 1n)
    // block 1 is decided; the next height waits for the block interval. A catch-up starts now…
    const syncing = driver.catchUp()
    expect(driver.isSyncing).toBe(true)
    // …and stays open past the moment the next height was due
    await new Promise((resolve) => setTimeout(resolve, 600))
    answer?.([]) // the peer has nothing newer
    await syncing
    expect(driver.isSyncing).toBe(false)
    await until('two more blocks after the catch-up ends', () => chain.head().height >= 3n)
  })

  it('stops at the halt height of a software upgrade governance passed, and says why', async () => {
    const { dir, chain, signer } = soloChain({
      ...testGenesisDocument(),
      params: { governance: { votingPeriodBlocks: '2' } },
    })
    const errors: string[] = []
    const driver = new ConsensusDriver({
      chain,
      transport: idleTransport,
      signer,
      wal: ConsensusWal.open({ dir: join(dir, 'wal') }),
      log: { ...quiet, error: (_obj, msg) => errors.push(msg) },
      blockIntervalMs: 100,
      stallMs: 60_000,
    })
    drivers.push(driver)
    const validator = validators[0] as (typeof validators)[number]
    const haltHeight = 8n
    const proposal = sign(validator, 'SubmitGovProposal', {
      title: 'Upgrade to v2',
      description: '',
      action: {
        kind: 'software-upgrade',
        target: `0x${'00'.repeat(20)}`,
        power: 0n,
        role: '',
        param: '',
        value: 'v2',
        haltHeight,
      },
    })
    chain.submit(proposal)
    chain.submit(sign(validator, 'CastVote', { proposalId: txId(proposal), option: 'yes' }, 1n))
    driver.start()
    await until('the halt', () => driver.halted !== undefined)
    expect(chain.head().height).toBe(haltHeight - 1n)
    expect(driver.halted?.code).toBe('NETWORK_HALTED')
    expect(errors).toEqual([driver.halted?.message])
    expect(errors[0]).toContain("upgrade 'v2'")
    // nothing more is made: the head stays below the halt height
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(chain.head().height).toBe(haltHeight - 1n)
  })
})
