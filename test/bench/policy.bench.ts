/**
 * Custody policies, measured two ways:
 * 1. evaluation speed of a 100-rule policy (goal: at least 100,000 evaluations per second),
 *    against a one-rule policy as the baseline in the same process. Every rule has asset,
 *    amount, counterparty and initiator conditions; the draft actions are aimed at random rules
 *    so some match early, some late and some fall through to the default deny;
 * 2. the cost of a proposal + approvals round on a four-validator devnet of real processes:
 *    a 2-of-3 account proposes a transfer, two members approve, and it executes. Blocks and
 *    seconds from submitting the proposal to execution, against a plain transfer's submit →
 *    commit in the same run.
 *
 * Run: npm run bench -- policy
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDevnet, spawnNode } from '../../src/node/cli/commands/devnet'
import { demoAccounts, type DemoAccount } from '../../src/node/cli/devnetGenesis'
import { readConfig } from '../../src/node/cli/home'
import { accountAddress, type Action, type Hex } from '../../src/node/protocol'
import type { Address } from '../../src/node/protocol/messages'
import {
  evaluatePolicy,
  type Account,
  type DraftAction,
  type PolicyRule,
} from '../../src/node/state/accounts/policy'
import { DevnetClient, domainOfHome, height, waitFor } from '../fixtures/devnetClient'
import { wireRule } from '../fixtures/txSamples'
import { mulberry32 } from '../fixtures/random'

const RULES = 100
const ACTIONS = 4_096
const SECONDS = 1.5

const address = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`
const members = Array.from({ length: 12 }, (_, i) => address(0x100 + i))
const counterparties = Array.from({ length: 40 }, (_, i) => address(0x200 + i))
const assets = ['EURD', 'ACME', 'BOND26', 'USDC', 'CHFD']

function rule(i: number): PolicyRule {
  const asset = assets[i % assets.length] as string
  return {
    name: `rule ${i}`,
    match: {
      kinds: i % 3 === 0 ? ['transfer', 'dvp-affirmation'] : ['transfer'],
      assets: [asset],
      minAmount: BigInt(i) * 1_000n,
      maxAmount: BigInt(i) * 1_000n + 999n,
      counterparties: counterparties.slice(i % 30, (i % 30) + 10),
      initiators: { groups: [i % 2 === 0 ? 'Treasury' : 'Risk'] },
    },
    outcome:
      i % 4 === 0
        ? { type: 'allow' }
        : {
            type: 'require',
            approvals: {
              all: [
                { group: 'Treasury', threshold: 2 },
                {
                  any: [
                    { group: 'Risk', threshold: 1 },
                    { group: 'Admins', threshold: 2 },
                  ],
                },
              ],
            },
          },
    velocity: { asset, amount: 50_000_000n, periodSeconds: 86_400n },
  }
}

function account(rules: number): Account {
  return {
    address: address(0xacc),
    name: 'Bench treasury',
    members,
    groups: {
      Treasury: members.slice(0, 5),
      Risk: members.slice(5, 9),
      Admins: members.slice(9),
    },
    policy: Array.from({ length: rules }, (_, i) => rule(RULES - rules + i)),
  }
}

/**
 * Drafts aimed at a random rule: its asset and amount range, and (mostly) one of its
 * counterparties and an initiator of its group, so some match it, some fall through further
 * and some match nothing.
 */
function drafts(): DraftAction[] {
  const random = mulberry32(7)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  return Array.from({ length: ACTIONS }, () => {
    const i = Math.floor(random() * RULES)
    const inSlice = counterparties.slice(i % 30, (i % 30) + 10)
    return {
      kind: random() < 0.9 ? 'transfer' : 'dvp-affirmation',
      asset: assets[i % assets.length] as string,
      amount: BigInt(i * 1_000 + Math.floor(random() * 1_000)),
      counterparty: random() < 0.8 ? pick(inSlice) : pick(counterparties),
      initiator: pick(members),
    }
  })
}

/** Evaluations per second of `policy` over the drafts, for about `SECONDS`. */
function measure(
  policy: Account,
  actions: readonly DraftAction[],
): { perSecond: number; decisions: Record<string, number> } {
  const decisions: Record<string, number> = {}
  for (const action of actions) {
    const { decision } = evaluatePolicy(policy, action, 0n)
    decisions[decision] = (decisions[decision] ?? 0) + 1
  }
  let count = 0
  const started = performance.now()
  let elapsed = 0
  while (elapsed < SECONDS * 1_000) {
    for (const action of actions) evaluatePolicy(policy, action, 0n)
    count += actions.length
    elapsed = performance.now() - started
  }
  return { perSecond: (count / elapsed) * 1_000, decisions }
}

const ROUNDS = 8

const twoOfThree = wireRule({
  name: 'Payments need two of Treasury',
  kinds: ['transfer'],
  outcome: 'require',
  approvals: [{ op: 'group', group: 'Treasury', threshold: 2n, children: [] }],
})

interface Round {
  blocks: bigint
  ms: number
}

async function devnetRounds(): Promise<{ rounds: Round[]; transfers: Round[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-policybench-'))
  const children: ChildProcess[] = []
  try {
    const homes = await createDevnet({ dataDir: dir, validators: 4 })
    for (const home of homes) children.push(spawnNode(home))
    const url = `http://127.0.0.1:${readConfig(homes[0] as string).rpc.port}`
    await waitFor('the devnet', async () => ((await height(url)) >= 2n ? true : undefined))
    const client = new DevnetClient(url, domainOfHome(homes[0] as string))
    const demo = new Map(demoAccounts().map((a) => [a.name, a]))
    const [alice, bob, carol, dave, kyc] = ['alice', 'bob', 'carol', 'dave', 'kyc-provider'].map(
      (name) => demo.get(name),
    ) as [DemoAccount, DemoAccount, DemoAccount, DemoAccount, DemoAccount]

    const treasury = accountAddress(alice.address, 0n)
    await client.send(alice, 'CreateAccount', {
      name: 'Bench Treasury',
      members: [alice.address, bob.address, carol.address],
      groups: [{ name: 'Treasury', members: [alice.address, bob.address, carol.address] }],
      policy: [twoOfThree],
      adminRule: [],
    })
    await client.send(kyc, 'IssueClaim', {
      subject: treasury,
      topic: 'kyc',
      value: 'true',
      expiresAt: 0n,
    })
    await client.send(alice, 'Transfer', { symbol: 'EURD', to: treasury, amount: 10_000_000n })

    const rounds: Round[] = []
    const transfers: Round[] = []
    for (let i = 0; i < ROUNDS; i++) {
      // baseline: one plain transfer, submit → commit
      let start = await height(url)
      let started = performance.now()
      const plain = await client.send(bob, 'Transfer', {
        symbol: 'EURD',
        to: dave.address,
        amount: 1n,
      })
      transfers.push({ blocks: plain.height - start, ms: performance.now() - started })

      // a proposal and two approvals, each signed and sent as soon as the previous one is in
      const action: Action = {
        kind: 'transfer',
        symbol: 'EURD',
        counterparty: dave.address,
        amount: BigInt(1_000 + i),
        reference: `0x${'00'.repeat(32)}` as Hex,
      }
      start = await height(url)
      started = performance.now()
      const { id: proposalId } = await client.send(alice, 'ProposeAction', {
        account: treasury,
        action,
      })
      for (const approver of [bob, carol]) {
        const approval = await client.send(approver, 'ApproveProposal', {
          account: treasury,
          proposalId,
          action,
          policyVersion: 1n,
        })
        if (approver === carol)
          rounds.push({ blocks: approval.height - start, ms: performance.now() - started })
      }
      const proposal = await client.read<{ status: string }>(alice, 'custos_getProposal', {
        account: treasury,
        id: proposalId,
      })
      if (proposal.status !== 'executed')
        throw new Error(`round ${i}: the proposal is ${proposal.status}, not executed`)
    }
    return { rounds, transfers }
  } finally {
    for (const child of children) child.kill('SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))
    rmSync(dir, { recursive: true, force: true })
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

export async function run(): Promise<void> {
  const actions = drafts()
  const large = measure(account(RULES), actions)
  const small = measure(account(1), actions)
  const format = (n: number): string => Math.round(n).toLocaleString('en-US')
  const share = (d: Record<string, number>): string =>
    Object.entries(d)
      .map(([k, v]) => `${k} ${((v / ACTIONS) * 100).toFixed(0)}%`)
      .join(', ')
  process.stdout.write(
    `policy evaluation, ${RULES} rules: ${format(large.perSecond)} evaluations/s (goal 100,000/s) — ${share(large.decisions)}\n` +
      `baseline, 1 rule:          ${format(small.perSecond)} evaluations/s — ${share(small.decisions)}\n` +
      `ratio ${RULES}-rule / 1-rule: ${(large.perSecond / small.perSecond).toFixed(2)}\n`,
  )

  const { rounds, transfers } = await devnetRounds()
  const blocks = (list: Round[]) => median(list.map((r) => Number(r.blocks)))
  const seconds = (list: Round[]) => median(list.map((r) => r.ms)) / 1_000
  process.stdout.write(
    `devnet, proposal + 2 approvals to execution (median of ${ROUNDS}): ` +
      `${blocks(rounds)} blocks, ${seconds(rounds).toFixed(2)} s\n` +
      `baseline, one transfer submit → commit: ${blocks(transfers)} blocks, ${seconds(transfers).toFixed(2)} s\n` +
      `ratio round / transfer: ${(seconds(rounds) / seconds(transfers)).toFixed(2)}\n`,
  )
}
