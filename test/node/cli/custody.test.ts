/**
 * Governance and custody on a devnet of real processes: four validators and one standby node.
 * A governance proposal adds the standby as a fifth validator; it is voted through and from
 * H + 2 the new validator signs commits. A light node syncs from genesis and serves proven
 * state. A 2-of-3 treasury account settles a DvP trade only after its second approval.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDevnet, spawnNode } from '../../../src/node/cli/commands/devnet'
import { demoAccounts, type DemoAccount } from '../../../src/node/cli/devnetGenesis'
import { homePaths, readConfig, readJson } from '../../../src/node/cli/home'
import { LightClient, RpcProvider } from '../../../src/node/light'
import { parseGenesis } from '../../../src/node/state'
import { keys } from '../../../src/node/state/keys'
import {
  accountAddress,
  fromHex,
  headerHash,
  signRpcRequest,
  validatorSetHash,
  type Action,
  type Address,
  type Hex,
  type Validator,
} from '../../../src/node/protocol'
import {
  DevnetClient,
  domainOfHome,
  FAR_FUTURE,
  height,
  rpc,
  waitFor,
  type Signer,
} from '../../fixtures/devnetClient'
import { wireRule } from '../../fixtures/txSamples'

const dir = mkdtempSync(join(tmpdir(), 'custos-custody-'))
const children: ChildProcess[] = []
let homes: string[] = []
let urls: string[] = []
let client: DevnetClient

beforeAll(async () => {
  homes = await createDevnet({ dataDir: dir, validators: 4, standby: 1, votingPeriodBlocks: 8n })
  urls = homes.map((home) => `http://127.0.0.1:${readConfig(home).rpc.port}`)
  for (const home of homes) children.push(spawnNode(home))
  for (const url of urls)
    await waitFor(`${url} to commit block 2`, async () =>
      (await height(url)) >= 2n ? true : undefined,
    )
  client = new DevnetClient(urls[0] as string, domainOfHome(homes[0] as string))
}, 90_000)

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await new Promise((resolve) => setTimeout(resolve, 200))
  rmSync(dir, { recursive: true, force: true })
})

const consensusKey = (home: string): Signer =>
  readJson(homePaths(home).consensusKey, 'consensus key') as Signer

interface CommitJson {
  height: string
  signatures: Array<{ validator: Address }>
}

describe('governance on a devnet', () => {
  it('adds a fifth validator that signs commits from H + 2', async () => {
    const validators = homes.slice(0, 4).map(consensusKey)
    const standby = consensusKey(homes[4] as string)
    const { id } = await client.send(validators[0] as Signer, 'SubmitGovProposal', {
      title: 'Add standby-1 as a validator',
      description: 'A fifth validator, power 10',
      action: {
        kind: 'add-validator',
        target: standby.address,
        power: 10n,
        role: '',
        param: '',
        value: '',
        haltHeight: 0n,
      },
    })
    // three of four (30 of 40 power) vote yes, one votes no
    const votes = await Promise.all(
      validators.map((v, i) =>
        client.submit(v, 'CastVote', { proposalId: id, option: i < 3 ? 'yes' : 'no' }),
      ),
    )
    for (const vote of votes) await client.committed(vote)

    const passed = await waitFor(
      'the proposal to be tallied',
      async () => {
        const p = await rpc<{ status: string; effectiveAt?: string; reason: string }>(
          client.url,
          'custos_getGovProposal',
          { id },
        )
        return p.status === 'voting' ? undefined : p
      },
      60_000,
    )
    expect(passed.status).toBe('passed')
    const effectiveAt = BigInt(passed.effectiveAt as string)

    // the header before H + 2 announces the five-validator set; H + 2 is signed by it
    const five: Validator[] = [...validators, standby].map((v) => ({
      address: v.address,
      power: 10n,
    }))
    await waitFor(`height ${effectiveAt + 1n}`, async () =>
      (await height(client.url)) > effectiveAt ? true : undefined,
    )
    const header = await rpc<{ validatorsHash: Hex; nextValidatorsHash: Hex }>(
      client.url,
      'custos_getHeader',
      { height: effectiveAt.toString() },
    )
    expect(header.validatorsHash).toBe(validatorSetHash(five))
    const before = await rpc<{ validatorsHash: Hex; nextValidatorsHash: Hex }>(
      client.url,
      'custos_getHeader',
      { height: (effectiveAt - 1n).toString() },
    )
    expect(before.validatorsHash).not.toBe(validatorSetHash(five))
    expect(before.nextValidatorsHash).toBe(validatorSetHash(five))

    // no commit before H + 2 carries its signature; one from H + 2 on does
    const signersAt = async (h: bigint): Promise<Address[]> =>
      (
        await rpc<CommitJson>(client.url, 'custos_getCommit', { height: h.toString() })
      ).signatures.map((s) => s.validator.toLowerCase() as Address)
    for (let h = effectiveAt - 3n; h < effectiveAt; h++)
      expect(await signersAt(h)).not.toContain(standby.address.toLowerCase())
    let h = effectiveAt
    const signed = await waitFor(
      'a commit signed by the new validator',
      async () => {
        if ((await height(client.url)) <= h) return undefined
        const signers = await signersAt(h)
        h++
        return signers.includes(standby.address.toLowerCase() as Address) ? h - 1n : undefined
      },
      60_000,
    )
    expect(signed).toBeGreaterThanOrEqual(effectiveAt)
  }, 180_000)
})

describe('a light node on the devnet', () => {
  it('syncs from genesis, verifies every header it keeps, and serves proven account state', async () => {
    const genesis = parseGenesis(readJson(homePaths(homes[0] as string).genesis, 'genesis'))
    const alice = demoAccounts().find((a) => a.name === 'alice') as DemoAccount
    const light = await LightClient.create({
      root: { kind: 'genesis', genesis },
      primary: new RpcProvider({
        url: urls[0] as string,
        authorize: ({ method, params }) =>
          signRpcRequest({
            domain: client.domain,
            method,
            params,
            issuedAt: BigInt(Math.floor(Date.now() / 1000)),
            privateKey: fromHex(alice.privateKey),
          }),
      }),
      witnesses: [new RpcProvider({ url: urls[2] as string })],
    })
    try {
      const head = await light.sync()
      expect(head.header.height).toBeGreaterThan(2n)
      // every kept header is the node's block at that height, committed by its set
      for (const height of light.verifiedHeights()) {
        const kept = light.verifiedAt(height)
        if (!kept || height === 0n) continue
        const served = await rpc<{ hash: Hex }>(client.url, 'custos_getHeader', {
          height: height.toString(),
        })
        expect(headerHash(kept.header)).toBe(served.hash)
        expect(validatorSetHash(kept.validators)).toBe(kept.header.validatorsHash)
      }
      const balance = await light.provenState(keys.balance('EURD', alice.address))
      expect(typeof balance.value).toBe('bigint')
      expect(light.verifiedAt(balance.height)?.header.stateRoot).toBe(balance.stateRoot)
    } finally {
      light.stop()
    }
  }, 60_000)
})

describe('a 2-of-3 treasury account on a devnet', () => {
  it('settles a DvP trade only after the second approval', async () => {
    const demo = new Map(demoAccounts().map((a) => [a.name, a]))
    const who = (name: string): DemoAccount => demo.get(name) as DemoAccount
    const [alice, bob, carol, dave, kyc] = ['alice', 'bob', 'carol', 'dave', 'kyc-provider'].map(
      who,
    ) as [DemoAccount, DemoAccount, DemoAccount, DemoAccount, DemoAccount]

    const twoOfThree = wireRule({
      name: 'Trades need two of Treasury',
      kinds: ['transfer', 'dvp-affirmation'],
      outcome: 'require',
      approvals: [{ op: 'group', group: 'Treasury', threshold: 2n, children: [] }],
    })
    const treasury = accountAddress(alice.address, 0n)
    await client.send(alice, 'CreateAccount', {
      name: 'Alice Treasury',
      members: [alice.address, bob.address, carol.address],
      groups: [{ name: 'Treasury', members: [alice.address, bob.address, carol.address] }],
      policy: [twoOfThree],
      adminRule: [],
    })
    const claims: Hex[] = []
    for (const [topic, value] of [
      ['kyc', 'true'],
      ['accredited', 'true'],
      ['jurisdiction', 'DE'],
    ] as const)
      claims.push(
        await client.submit(kyc, 'IssueClaim', { subject: treasury, topic, value, expiresAt: 0n }),
      )
    for (const claim of claims) await client.committed(claim)
    // funding: alice sends the account cash directly (alice holds her own balance)
    await client.send(alice, 'Transfer', { symbol: 'EURD', to: treasury, amount: 1_000_000n })

    const { id: instructionId } = await client.send(dave, 'CreateInstruction', {
      reference: 'DVP-E2E-1',
      legs: [
        { symbol: 'ACME', from: dave.address, to: treasury, amount: 100n },
        { symbol: 'EURD', from: treasury, to: dave.address, amount: 500_000n },
      ],
      settleBy: FAR_FUTURE,
    })
    // creating the instruction affirmed dave's leg; only the account's leg is open

    const action: Action = {
      kind: 'dvp-affirmation',
      symbol: 'EURD',
      counterparty: dave.address,
      amount: 500_000n,
      reference: instructionId,
    }
    const { id: proposalId } = await client.send(alice, 'ProposeAction', {
      account: treasury,
      action,
    })
    const instructionStatus = async (): Promise<string> =>
      (
        await client.read<{ value: { status: string } }>(dave, 'custos_getInstruction', {
          id: instructionId,
        })
      ).value.status
    const balance = async (symbol: string): Promise<bigint> => {
      const result = await client.read<{ balances: Array<{ symbol: string; amount: string }> }>(
        dave,
        'custos_getBalances',
        { address: dave.address, symbols: [symbol] },
      )
      return BigInt(result.balances[0]?.amount ?? '0')
    }
    const acmeBefore = await balance('ACME')

    await client.send(bob, 'ApproveProposal', {
      account: treasury,
      proposalId,
      action,
      policyVersion: 1n,
    })
    expect(await instructionStatus()).toBe('pending')
    expect(await balance('ACME')).toBe(acmeBefore)

    await client.send(carol, 'ApproveProposal', {
      account: treasury,
      proposalId,
      action,
      policyVersion: 1n,
    })
    expect(await instructionStatus()).toBe('settled')
    expect(await balance('ACME')).toBe(acmeBefore - 100n)
    const proposal = await client.read<{ status: string }>(alice, 'custos_getProposal', {
      account: treasury,
      id: proposalId,
    })
    expect(proposal.status).toBe('executed')
  }, 120_000)
})
