/**
 * `custos account` as a treasury team uses it, against a real one-validator node: create an
 * account from a policy file, propose a transfer, approve it with a second member's key file
 * and see it executed; a blocked proposal is refused with the policy's reason; bad input,
 * a missing key and a non-member are refused clearly.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildTx,
  CustosRpc,
  policyFromJson,
  privateKeySigner,
  sendTx,
} from '../../../src/node/client'
import { accountAddress, fromHex, type Address } from '../../../src/node/protocol'
import type { ProposalListAnswer } from '../../../src/node/rpc/answers'
import { custos, startSingleNode, type SingleNode } from '../client/singleNode'

let net: SingleNode
let rpcUrl: string
let policyPath: string
let account: Address
let proposal: string

const person = (name: string) => {
  const found = net.people.get(name)
  if (!found) throw new Error(`no demo person ${name}`)
  return found
}
const key = (name: string): string => person(name).keyFile
/** `custos account <line>` against the node; `line` is split on spaces, `extra` kept whole. */
const accountCli = (line: string, ...extra: string[]) =>
  custos('account', ...line.split(' '), ...extra, '--rpc', rpcUrl)
/** The same without `--rpc`, for refusals that come before any call. */
const offline = (line: string) => custos('account', ...line.split(' '))

beforeAll(async () => {
  net = await startSingleNode()
  rpcUrl = net.url
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((n) => person(n).address)
  policyPath = join(net.dir, 'policy.json')
  writeFileSync(
    policyPath,
    JSON.stringify({
      members: [alice, bob, carol],
      groups: { Treasury: [alice, bob], Risk: [carol] },
      policy: [
        {
          name: 'Payments',
          match: { kinds: ['transfer', 'dvp-affirmation'], assets: ['EURD'], maxAmount: '100000' },
          outcome: { require: { group: 'Treasury', threshold: 1 } },
          excludeInitiator: true,
        },
        { name: 'Everything else', match: { kinds: 'any' }, outcome: 'block' },
      ],
      adminRule: {
        name: 'Admins',
        match: { kinds: ['policy-change'] },
        outcome: { require: { group: 'Risk', threshold: 1 } },
      },
    }),
  )
}, 60_000)

afterAll(async () => {
  await net.stop()
})

describe('custos account', () => {
  it('--help describes every action', async () => {
    const run = await offline(`--help`)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('custos account <action>')
    for (const action of [
      'create',
      'propose',
      'approve',
      'reject',
      'cancel',
      'execute',
      'explain',
      'list',
      'show',
    ])
      expect(run.stdout).toMatch(new RegExp(`^  ${action} `, 'm'))
    expect(run.stdout).toMatch(/--help/)
  })

  it('create prints the address of the new account', async () => {
    const run = await accountCli(
      `create --key ${key('alice')} --policy ${policyPath}`,
      '--name',
      'Ops treasury',
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    account = accountAddress(person('alice').address, 0n)
    expect(run.stdout).toMatch(/^submitting CreateAccount 0x[0-9a-f]{64} from /m)
    expect(run.stdout).toMatch(/^committed in block \d+$/m)
    expect(run.stdout).toContain(`account ${account}`)

    // fund it: the KYC provider attests it, alice sends it cash
    const rpc = new CustosRpc(rpcUrl)
    const kyc = privateKeySigner(fromHex(person('kyc-provider').privateKey))
    for (const [topic, value] of [
      ['kyc', 'true'],
      ['accredited', 'true'],
      ['jurisdiction', 'DE'],
    ])
      await sendTx({
        rpc,
        signer: kyc,
        build: (ctx) =>
          buildTx(ctx, 'IssueClaim', { subject: account, topic, value, expiresAt: 0n }),
      })
    await sendTx({
      rpc,
      signer: privateKeySigner(fromHex(person('alice').privateKey)),
      build: (ctx) => buildTx(ctx, 'Transfer', { symbol: 'EURD', to: account, amount: 100_000n }),
    })
  }, 60_000)

  it('show gives members, groups and rules in words; --policy-json gives the file back', async () => {
    const run = await accountCli(`show --key ${key('carol')} --account ${account}`)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`account ${account} 'Ops treasury', policy version 1`)
    expect(run.stdout).toContain(
      "Policy rule 1 'Payments': transfer or dvp-affirmation of EURD up to 100,000 → requires 1 of Treasury",
    )
    expect(run.stdout).toContain("Policy rule 2 'Everything else': any action → blocked")
    const file = await accountCli(`show --key ${key('carol')} --account ${account} --policy-json`)
    const original = policyFromJson(JSON.parse(readFileSync(policyPath, 'utf8')))
    expect(policyFromJson(JSON.parse(file.stdout)).membersAndPolicy).toEqual(
      original.membersAndPolicy,
    )
  })

  it('propose prints the proposal id and what the policy still needs', async () => {
    const dave = person('dave').address
    const run = await accountCli(
      `propose --key ${key('alice')} --account ${account} --transfer EURD --to ${dave} --amount 25000`,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    proposal = /^proposal (0x[0-9a-f]{64})$/m.exec(run.stdout)?.[1] ?? ''
    expect(proposal).not.toBe('')
    expect(run.stdout).toMatch(/^status +pending$/m)
    expect(run.stdout).toMatch(
      /^summary +Policy rule 1 'Payments' needs 1 more approval from Treasury/m,
    )
    // the rule excludes the initiator: only bob can approve
    expect(run.stdout).toMatch(new RegExp(`^can approve +${person('bob').address}$`, 'm'))
  }, 60_000)

  it('explain and list show the open proposal', async () => {
    const explain = await accountCli(
      `explain --key ${key('carol')} --account ${account} --proposal ${proposal}`,
    )
    expect(explain.code).toBe(0)
    expect(explain.stdout).toMatch(/^requires +1 of Treasury$/m)
    expect(explain.stdout).toMatch(/^approved by +—$/m)
    const list = await accountCli(`list --key ${key('bob')} --account ${account} --json`)
    const answer = JSON.parse(list.stdout) as ProposalListAnswer
    expect(answer.proposals.map((p) => [p.id, p.status])).toEqual([[proposal, 'pending']])
  })

  it("approve with a second member's key file executes the transfer", async () => {
    const run = await accountCli(
      `approve --key ${key('bob')} --account ${account} --proposal ${proposal}`,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `approving transfer 25000 EURD → ${person('dave').address} (policy version 1)`,
    )
    expect(run.stdout).toMatch(/^status +executed$/m)
    expect(run.stdout).toMatch(/^summary +Executed at height \d+$/m)
    const balances = await new CustosRpc(rpcUrl).callPrivate<{
      balances: Array<{ amount: string }>
    }>(
      'custos_getBalances',
      { address: account, symbols: ['EURD'] },
      privateKeySigner(fromHex(person('bob').privateKey)),
    )
    expect(balances.balances[0]?.amount).toBe('75000')
  }, 60_000)

  it("--affirm proposes the account's leg of a DvP trade; an approval settles it", async () => {
    const dave = person('dave')
    const rpc = new CustosRpc(rpcUrl)
    const daveSigner = privateKeySigner(fromHex(dave.privateKey))
    const created = await sendTx({
      rpc,
      signer: daveSigner,
      build: (ctx) =>
        buildTx(ctx, 'CreateInstruction', {
          reference: 'DVP-CLI-1',
          legs: [
            { symbol: 'ACME', from: dave.address, to: account, amount: 10n },
            { symbol: 'EURD', from: account, to: dave.address, amount: 5_000n },
          ],
          settleBy: BigInt(Math.floor(Date.now() / 1000) + 3600),
        }),
    })
    // creating the instruction affirms dave's own leg
    const run = await accountCli(
      `propose --key ${key('alice')} --account ${account} --affirm ${created.id}`,
    )
    expect(run.stderr).toBe('')
    const id = /^proposal (0x[0-9a-f]{64})$/m.exec(run.stdout)?.[1] ?? ''
    expect(run.stdout).toMatch(/^summary +Policy rule 1 'Payments' needs 1 more approval/m)
    const approve = await accountCli(
      `approve --key ${key('bob')} --account ${account} --proposal ${id}`,
    )
    expect(approve.stdout).toContain(`approving dvp-affirmation 5000 EURD → ${dave.address}`)
    expect(approve.stdout).toMatch(/^status +executed$/m)
    const instruction = await rpc.callPrivate<{ value: { status: string } }>(
      'custos_getInstruction',
      { id: created.id },
      daveSigner,
    )
    expect(instruction.value.status).toBe('settled')
  }, 60_000)

  it("a blocked proposal is refused with the policy's reason, and nothing is submitted", async () => {
    const run = await accountCli(
      `propose --key ${key('alice')} --account ${account} --transfer ACME --to ${person('dave').address} --amount 1`,
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^custos: transaction 0x[0-9a-f]{64} was refused: .*'Everything else'/,
    )
    expect(run.stdout).not.toMatch(/committed/)
  })

  it('refuses bad input, a missing key and a non-member clearly', async () => {
    const badTo = await accountCli(
      `propose --key ${key('alice')} --account ${account} --transfer EURD --to 0x12 --amount 5`,
    )
    expect(badTo.code).toBe(2)
    expect(badTo.stderr).toMatch(/^custos: --to: must be a 0x-prefixed 20-byte hex address/)
    const twoKinds = await offline(
      `propose --key ${key('alice')} --account ${account} --pause EURD --unpause EURD`,
    )
    expect(twoKinds.code).toBe(2)
    expect(twoKinds.stderr).toMatch(/give exactly one of --transfer/)
    const noKey = await accountCli(`list --account ${account}`)
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toMatch(/--key FILE is required/)
    const badPolicy = join(net.dir, 'bad-policy.json')
    writeFileSync(badPolicy, JSON.stringify({ members: [], groups: {}, policy: [] }))
    const create = await accountCli(`create --key ${key('alice')} --name X --policy ${badPolicy}`)
    expect(create.code).toBe(2)
    expect(create.stderr).toMatch(/^custos: members: must list at least one member/)
    const stranger = await accountCli(`show --key ${key('dave')} --account ${account}`)
    expect(stranger.code).toBe(1)
    expect(stranger.stderr).toMatch(/not authorized: .* may not read account/)
    const unknown = await offline(`vote`)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown account action "vote"/)
  })
})
