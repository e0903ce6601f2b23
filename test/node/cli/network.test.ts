/**
 * Four real validator processes on loopback, started through the CLI. A client submits
 * transfers; one validator is SIGKILLed and restarted; no committed transaction is lost, the
 * restarted node catches up, and every node reports the same state root at the same height.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDevnet, spawnNode } from '../../../src/node/cli/commands/devnet'
import { demoAccounts } from '../../../src/node/cli/devnetGenesis'
import { readConfig } from '../../../src/node/cli/home'
import { rpc, waitFor, type Status } from '../../fixtures/devnetClient'
import {
  custosDomain,
  encodeTx,
  fromHex,
  signTx,
  toHex,
  type Address,
  type Hex,
} from '../../../src/node/protocol'

const dir = mkdtempSync(join(tmpdir(), 'custos-net-'))
const children = new Map<string, ChildProcess>()

afterAll(async () => {
  for (const child of children.values()) child.kill('SIGKILL')
  await new Promise((resolve) => setTimeout(resolve, 200))
  rmSync(dir, { recursive: true, force: true })
})

describe('a four-validator network of real processes', () => {
  it('commits transfers through a validator crash and restart, and every node agrees', async () => {
    const homes = await createDevnet({ dataDir: dir, validators: 4 })
    const urls = homes.map((home) => `http://127.0.0.1:${readConfig(home).rpc.port}`)
    for (const home of homes) children.set(home, spawnNode(home))
    for (const url of urls)
      await waitFor(`${url} to commit block 2`, async () =>
        BigInt((await rpc<Status>(url, 'custos_status')).height) >= 2n ? true : undefined,
      )

    const genesis = JSON.parse(readFileSync(join(homes[0] as string, 'genesis.json'), 'utf8')) as {
      chainId: string
      verifyingContract: Address
    }
    const domain = custosDomain(BigInt(genesis.chainId), genesis.verifyingContract)
    const accounts = demoAccounts().filter((a) =>
      ['alice', 'bob', 'carol', 'dave'].includes(a.name),
    )
    const nonces = new Map<string, bigint>()
    const submitted: Hex[] = []
    const submitRound = async (count: number, targets: string[]) => {
      for (let i = 0; i < count; i++) {
        const from = accounts[i % accounts.length] as (typeof accounts)[number]
        const to = accounts[(i + 1) % accounts.length] as (typeof accounts)[number]
        const nonce = nonces.get(from.address) ?? 0n
        const tx = signTx({
          domain,
          kind: 'Transfer',
          message: {
            symbol: 'EURD',
            to: to.address,
            amount: BigInt(100 + i),
            nonce,
            validUntil: 4_102_444_800n,
          },
          privateKey: fromHex(from.privateKey),
        })
        const { id } = await rpc<{ id: Hex }>(
          targets[i % targets.length] as string,
          'custos_submitTx',
          { tx: toHex(encodeTx(tx)) },
        )
        nonces.set(from.address, nonce + 1n)
        submitted.push(id)
      }
    }

    await submitRound(40, urls)
    // kill validator 2 while transactions are in flight
    const victim = homes[1] as string
    children.get(victim)?.kill('SIGKILL')
    await new Promise((resolve) => children.get(victim)?.once('exit', resolve))
    const alive = urls.filter((_, i) => i !== 1)
    await submitRound(40, alive)
    const heightWhileDown = BigInt((await rpc<Status>(alive[0] as string, 'custos_status')).height)
    children.set(victim, spawnNode(victim))

    // every transaction is committed, as seen from every node (the restarted one included)
    for (const url of urls) {
      for (const id of submitted) {
        await waitFor(`${id} committed on ${url}`, async () => {
          const tx = await rpc<{ status: string }>(url, 'custos_getTx', { id })
          return tx.status === 'committed' ? true : undefined
        })
      }
    }
    const restarted = urls[1] as string
    const caughtUp = await waitFor('the restarted node to pass the height it missed', async () => {
      const status = await rpc<Status>(restarted, 'custos_status')
      return BigInt(status.height) > heightWhileDown ? status : undefined
    })
    expect(BigInt(caughtUp.height)).toBeGreaterThan(heightWhileDown)

    // same state root at the same height everywhere
    const heights = await Promise.all(
      urls.map(async (url) => BigInt((await rpc<Status>(url, 'custos_status')).height)),
    )
    const common = heights.reduce((a, b) => (a < b ? a : b))
    const roots = await Promise.all(
      urls.map(
        async (url) =>
          (await rpc<{ stateRoot: string }>(url, 'custos_getHeader', { height: common.toString() }))
            .stateRoot,
      ),
    )
    expect(new Set(roots).size).toBe(1)
    // balances moved: alice sent and received; her nonce counts every transfer she signed
    const alice = accounts.find((a) => a.name === 'alice') as (typeof accounts)[number]
    expect(nonces.get(alice.address)).toBe(20n)
  }, 240_000)
})
