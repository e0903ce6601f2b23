/**
 * Hardware-wallet signing end to end through the `custos` command, on a devnet of four real
 * validator processes, with three simulated Ledger devices (`--simulated-device`): device 0
 * creates a treasury account and proposes a transfer that needs two of the three members;
 * devices 1 and 2 review it (amount, asset, counterparty, account on their screens) and
 * approve it, and it executes. Device 2 also holds validator-1's consensus key (Ledger Live
 * account 1), with which it proposes and votes in governance. A simulated device is refused
 * off the devnet, a device without a member's or validator's key is refused before signing,
 * and `--ledger` says how to install the optional USB transport.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTx, CustosRpc, sendTx } from '../../../src/node/client'
import { openDeviceSigner } from '../../../src/node/client/ledger'
import { createDevnet, spawnNode } from '../../../src/node/cli/commands/devnet'
import { demoAccounts, type DemoAccount } from '../../../src/node/cli/devnetGenesis'
import { readConfig } from '../../../src/node/cli/home'
import { addressOfPrivateKey, toHex, type Address, type Hex } from '../../../src/node/protocol'
import type { ExplainAnswer, GovProposalJson } from '../../../src/node/rpc/answers'
import { simulatedDevice } from '../../../src/shared/signer'
import { DevnetClient, domainOfHome, height, waitFor } from '../../fixtures/devnetClient'
import { custos } from '../client/singleNode'

const dir = mkdtempSync(join(tmpdir(), 'custos-devices-'))
const children: ChildProcess[] = []
let url = ''
let client: DevnetClient
let account: Address
let proposal: Hex
let govProposal: Hex

const MEMBER_PATH = "m/44'/60'/0'/0/0"
const VALIDATOR_PATH = "m/44'/60'/1'/0/0"
const devices = ['0', '1', '2'].map((n) => simulatedDevice(n))
const member = (i: number): Address =>
  (devices[i]?.addressAt(MEMBER_PATH).toLowerCase() ?? '0x') as Address
const validatorKey = (() => {
  const privateKey = devices[2]?.privateKeyAt(VALIDATOR_PATH) ?? new Uint8Array(32)
  return { address: addressOfPrivateKey(privateKey), privateKey: toHex(privateKey) }
})()
const demo = new Map(demoAccounts().map((a) => [a.name, a]))
const who = (name: string): DemoAccount => demo.get(name) as DemoAccount

/** `custos <command> <line> --rpc URL`; `line` is split on spaces, `extra` kept whole. */
const cli = (command: string, line: string, ...extra: string[]) =>
  custos(command, ...line.split(' '), ...extra, '--rpc', url)

beforeAll(async () => {
  const homes = await createDevnet({
    dataDir: dir,
    validators: 4,
    votingPeriodBlocks: 40n,
    consensusKeys: [validatorKey],
  })
  url = `http://127.0.0.1:${readConfig(homes[0] as string).rpc.port}`
  for (const home of homes) children.push(spawnNode(home))
  for (const home of homes) {
    const nodeUrl = `http://127.0.0.1:${readConfig(home).rpc.port}`
    await waitFor(`${nodeUrl} to commit block 2`, async () =>
      (await height(nodeUrl)) >= 2n ? true : undefined,
    )
  }
  client = new DevnetClient(url, domainOfHome(homes[0] as string))
}, 120_000)

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await new Promise((resolve) => setTimeout(resolve, 200))
  rmSync(dir, { recursive: true, force: true })
})

describe('a 2-of-3 treasury approved on three simulated devices', () => {
  it('device 0 registers (through the client), creates the account; it is funded and attested', async () => {
    // creating an account needs a registered participant; no CLI command registers one yet
    const rpc = new CustosRpc(url)
    const opened = await openDeviceSigner({
      choice: { kind: 'simulated', device: '0', path: MEMBER_PATH },
      rpc,
    })
    await sendTx({
      rpc,
      signer: opened.signer,
      build: (ctx) => buildTx(ctx, 'RegisterParticipant', { name: 'Device Treasury Ltd' }),
    })
    expect(opened.simulated?.reviews.at(-1)?.screens).toContainEqual({
      title: 'name',
      value: 'Device Treasury Ltd',
    })
    await opened.close()

    const policy = join(dir, 'policy.json')
    const members = [0, 1, 2].map(member)
    writeFileSync(
      policy,
      JSON.stringify({
        members,
        groups: { Treasury: members },
        policy: [
          {
            name: 'Payments need two of Treasury',
            match: { kinds: ['transfer'] },
            outcome: { require: { group: 'Treasury', threshold: 2 } },
            excludeInitiator: true,
          },
          { name: 'Everything else', match: { kinds: 'any' }, outcome: 'block' },
        ],
      }),
    )
    const run = await cli(
      'account',
      `create --simulated-device 0 --policy ${policy}`,
      '--name',
      'Device treasury',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`signing with Simulated device at ${MEMBER_PATH}: ${member(0)}`)
    expect(run.stdout).toContain('Simulated device 0: review and approve CreateAccount; it shows:')
    account = (/^account (0x[0-9a-f]{40})$/m.exec(run.stdout)?.[1] ?? '0x') as Address

    const kyc = who('kyc-provider')
    for (const [topic, value] of [
      ['kyc', 'true'],
      ['accredited', 'true'],
      ['jurisdiction', 'DE'],
    ] as const)
      await client.send(kyc, 'IssueClaim', { subject: account, topic, value, expiresAt: 0n })
    await client.send(who('alice'), 'Transfer', { symbol: 'EURD', to: account, amount: 50_000n })
  }, 120_000)

  it('device 0 proposes a transfer to bob; it waits for two approvals', async () => {
    const run = await cli(
      'account',
      `propose --simulated-device 0 --account ${account} --transfer EURD --to ${who('bob').address} --amount 1000`,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    proposal = (/^proposal (0x[0-9a-f]{64})$/m.exec(run.stdout)?.[1] ?? '0x') as Hex
    expect(run.stdout).toMatch(
      /needs 2 more approvals from Treasury; the initiator may not approve/,
    )
  }, 60_000)

  it('device 1 reviews amount, asset, counterparty and account, and approves: still pending', async () => {
    const run = await cli(
      'account',
      `approve --simulated-device 1 --account ${account} --proposal ${proposal}`,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const screens = run.stdout.slice(run.stdout.indexOf('approve ApproveProposal'))
    expect(screens).toMatch(new RegExp(`^  account +${getAddress(account)}$`, 'm'))
    expect(screens).toMatch(/^ {2}action\.amount +1000$/m)
    expect(screens).toMatch(/^ {2}action\.symbol +EURD$/m)
    expect(screens).toMatch(
      new RegExp(`^  action\\.counterparty +${getAddress(who('bob').address)}$`, 'm'),
    )
    expect(screens).toMatch(new RegExp(`^  from +${getAddress(member(1))}$`, 'm'))
    const explained = await explain()
    expect(explained.proposal?.status).toBe('pending')
    expect(explained.proposal?.approvals).toEqual([member(1)])
  }, 60_000)

  it('device 2 approves: the transfer executes', async () => {
    const bobBefore = await eurdOf(who('bob'))
    const run = await cli(
      'account',
      `approve --simulated-device 2 --account ${account} --proposal ${proposal}`,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const explained = await explain()
    expect(explained.proposal?.status).toBe('executed')
    expect(explained.proposal?.approvals).toEqual([member(1), member(2)])
    expect(await eurdOf(who('bob'))).toBe(bobBefore + 1000n)
  }, 60_000)

  it('a device whose key is not a member is refused with what to do', async () => {
    const run = await cli(
      'account',
      `approve --simulated-device 1 --account-index 5 --account ${account} --proposal ${proposal}`,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /is not a member of account 0x[0-9a-f]{40}; choose a member's key with --path or --account-index/,
    )
  }, 60_000)
})

describe('governance on a device that holds a validator key', () => {
  it('device 2 (Ledger Live account 1) proposes and votes as validator-1', async () => {
    const proposed = await cli(
      'gov',
      'propose --simulated-device 2 --account-index 1 --text',
      '--title',
      'Sign governance on Ledger devices',
    )
    expect(proposed.stderr).toBe('')
    expect(proposed.code).toBe(0)
    expect(proposed.stdout).toContain(
      `signing with Simulated device at ${VALIDATOR_PATH}: ${validatorKey.address}`,
    )
    govProposal = (/^proposal (0x[0-9a-f]{64})$/m.exec(proposed.stdout)?.[1] ?? '0x') as Hex

    const voted = await cli(
      'gov',
      `vote --simulated-device 2 --account-index 1 --proposal ${govProposal} --option yes`,
    )
    expect(voted.stderr).toBe('')
    expect(voted.code).toBe(0)
    expect(voted.stdout).toMatch(/^ {2}option +yes$/m)
    expect(voted.stdout).toContain(`  ${validatorKey.address} yes`)
    const shown = JSON.parse(
      (await cli('gov', `show --proposal ${govProposal} --json`)).stdout,
    ) as GovProposalJson
    expect(shown.votes).toEqual({ [validatorKey.address]: 'yes' })
  }, 60_000)

  it('a device key that is not a validator is refused before signing', async () => {
    const run = await cli('gov', `vote --simulated-device 0 --proposal ${govProposal} --option no`)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`holds ${member(0)}, which is not a validator`)
    expect(run.stdout).not.toContain('review and approve CastVote')
  }, 60_000)
})

describe('device flags off the happy path', () => {
  let server: Server
  let otherChain = ''

  beforeAll(async () => {
    // a node of another chain (id 1): only custos_status is needed to refuse
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString()))
      req.on('end', () => {
        const { id } = JSON.parse(body) as { id: number }
        res.setHeader('content-type', 'application/json')
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id,
            result: {
              chainId: '1',
              verifyingContract: '0x00000000000000000000000000000000000c0575',
            },
          }),
        )
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    otherChain = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('a simulated device is refused unless the chain is the devnet', async () => {
    const run = await custos(
      'gov',
      'vote',
      '--simulated-device',
      '0',
      '--proposal',
      `0x${'11'.repeat(32)}`,
      '--option',
      'yes',
      '--rpc',
      otherChain,
    )
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      "custos: A simulated device signs only on the devnet (chain id 7001); this node's chain id is 1. Use a real Ledger (--ledger) or a key file (--key) instead.\n",
    )
  })

  it('--ledger without the USB transport says how to install it', async () => {
    const run = await cli('account', `show --ledger --account ${account}`)
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'custos: Signing with a Ledger from the CLI needs @ledgerhq/hw-transport-node-hid: run npm install @ledgerhq/hw-transport-node-hid\n',
    )
  })

  it('refuses a key and a device together, and a path without a device', async () => {
    const both = await cli(
      'account',
      `show --key ${join(dir, 'none.json')} --simulated-device 0 --account ${account}`,
    )
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/give either --key or a device/)
    const path = await cli('account', `show --path m/44'/60'/0'/0/0 --account ${account}`)
    expect(path.code).toBe(2)
    expect(path.stderr).toMatch(/--path: applies to a device/)
  })
})

async function explain(): Promise<ExplainAnswer> {
  const run = await cli(
    'account',
    `explain --simulated-device 0 --account ${account} --proposal ${proposal} --json`,
  )
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as ExplainAnswer
}

async function eurdOf(holder: DemoAccount): Promise<bigint> {
  const result = await client.read<{ balances: Array<{ symbol: string; amount: string }> }>(
    holder,
    'custos_getBalances',
    { address: holder.address, symbols: ['EURD'] },
  )
  return BigInt(result.balances[0]?.amount ?? '0')
}
