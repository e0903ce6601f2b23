/**
 * `custos account`: multi-approver custody accounts from the command line — create one from a
 * policy file, propose actions, approve / reject / cancel / execute proposals, and read the
 * account, its proposals and why its policy decides as it does. Every command signs (a
 * transaction, or the request of a private read) with `--key FILE`, a Ledger (`--ledger`) or,
 * on the devnet, a simulated device (`--simulated-device`), chosen by `../signerOptions`.
 */
import { parseArgs } from 'node:util'
import {
  accountActionWords,
  affirmationFromLegs,
  explanationLines,
  approveProposalTx,
  cancelProposalTx,
  createAccountTx,
  executeProposalTx,
  parseAddress,
  parseAmount,
  parseBytes32,
  parseOption,
  parseSymbol,
  policyFromJson,
  proposalToApprove,
  proposeActionTx,
  proposePolicyChangeTx,
  rejectProposalTx,
  transferAction,
  agentAction,
  type CustosRpc,
  type TxContext,
  type TypedDataSigner,
  type UnsignedTxRequest,
} from '../../client'
import type { DeviceTypedDataSigner } from '../../client/ledger'
import { RpcCallFailed } from '../../client/errors'
import type { Action, Address, Hex } from '../../protocol/messages'
import type { ExplainAnswer } from '../../rpc/answers'
import type { Jsonified } from '../../rpc/json'
import type { ProposalStatus } from '../../state/accounts'
import { CliError, readJson } from '../home'
import { commandSigner, signerHelp, signerOptions } from '../signerOptions'
import { connect, submit, timeoutMs } from '../rpcClient'

export const accountHelp = `custos account <action> (--key FILE | --ledger | --simulated-device D) --account ADDRESS [options]

Multi-approver custody accounts: members in named groups, and an ordered policy that the
network enforces (first matching rule wins; no match denies). Every action signs with --key,
a Ledger or a simulated device (see Signing) and, for transactions, waits until a block
includes it.

Actions:
  create  --name NAME --policy FILE.json        create an account; prints its address
  propose --account A <what>                    propose an action; prints the proposal id
          what: --transfer SYMBOL --to ADDR --amount N
                --affirm INSTRUCTION_ID          affirm the account's leg of a DvP trade
                --mint SYMBOL --to ADDR --amount N | --redeem SYMBOL --holder ADDR --amount N
                --pause SYMBOL | --unpause SYMBOL
                --freeze SYMBOL --holder ADDR | --unfreeze SYMBOL --holder ADDR
                --policy FILE.json               replace members and policy
  approve --account A --proposal ID             approve (shows what you approve first)
  reject  --account A --proposal ID [--reason TEXT]
  cancel  --account A --proposal ID             withdraw (the initiator, or an admin)
  execute --account A --proposal ID             execute an approved proposal after its timelock
  explain --account A --proposal ID [--json]    who approved, who still can, what is missing
  list    --account A [--status S] [--json]     proposals, newest first
  show    --account A [--json | --policy-json]  members, groups and rules in words

Amounts are whole numbers in the token's smallest unit. The policy file format is described
in src/node/client/policyJson.ts (members, groups as an object, rules with decimal amounts).

${signerHelp}

Options:
  --rpc URL       the node's JSON-RPC URL (default http://127.0.0.1:26657)
  --timeout SECS  how long to wait for a block (default 60)
  --help          this text`

const common = {
  ...signerOptions,
  rpc: { type: 'string' },
  account: { type: 'string' },
  help: { type: 'boolean' },
} as const
const sending = { ...common, timeout: { type: 'string' } } as const
const onProposal = { ...sending, proposal: { type: 'string' } } as const

const actionOptions = {
  create: { ...sending, name: { type: 'string' }, policy: { type: 'string' } },
  propose: {
    ...sending,
    transfer: { type: 'string' },
    affirm: { type: 'string' },
    mint: { type: 'string' },
    redeem: { type: 'string' },
    pause: { type: 'string' },
    unpause: { type: 'string' },
    freeze: { type: 'string' },
    unfreeze: { type: 'string' },
    policy: { type: 'string' },
    to: { type: 'string' },
    holder: { type: 'string' },
    amount: { type: 'string' },
  },
  approve: onProposal,
  reject: { ...onProposal, reason: { type: 'string' } },
  cancel: onProposal,
  execute: onProposal,
  explain: { ...common, proposal: { type: 'string' }, json: { type: 'boolean' } },
  list: { ...common, status: { type: 'string' }, json: { type: 'boolean' } },
  show: { ...common, json: { type: 'boolean' }, 'policy-json': { type: 'boolean' } },
} as const

type AccountAction = keyof typeof actionOptions
type OptionKind = { type: 'string' } | { type: 'boolean' }
type Values = Record<string, string | boolean | undefined>

interface Run {
  values: Values
  rpc: CustosRpc
  signer: TypedDataSigner
  out: (line: string) => void
}

export async function accountCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const [action, ...rest] = argv
  if (action === undefined || action === '--help' || action === 'help') return out(accountHelp)
  if (!Object.hasOwn(actionOptions, action))
    throw new CliError(
      `unknown account action ${JSON.stringify(action)}; use one of ${Object.keys(actionOptions).join(', ')}`,
    )
  const { values } = parseArgs({
    args: rest,
    options: actionOptions[action as AccountAction] as Record<string, OptionKind>,
    strict: true,
  })
  if (values.help) return out(accountHelp)
  const rpc = connect(text(values, 'rpc'))
  const signing = await commandSigner(values, `custos account ${action}`, rpc, out)
  try {
    await handlers[action as AccountAction]({ values, rpc, signer: signing.signer, out })
  } catch (error) {
    throw signing.device ? notMember(error, signing.device, values) : error
  } finally {
    await signing.close()
  }
}

/** A read the node refused because the device's key is not a member says so, with a fix. */
function notMember(error: unknown, device: DeviceTypedDataSigner, values: Values): unknown {
  if (!(error instanceof RpcCallFailed) || error.rpcCode !== -32003) return error
  return new CliError(
    `${device.label} holds ${device.address}, which is not a member of account ${String(values['account'])}; ` +
      `choose a member's key with --path or --account-index, or connect the member's device`,
  )
}

const handlers: Record<AccountAction, (run: Run) => Promise<void>> = {
  create: create,
  propose: propose,
  approve: async (run) => {
    const { account, id } = proposalRef(run.values)
    const proposal = await run.rpc.getProposal(account, id, run.signer)
    run.out(
      `approving ${accountActionWords(proposal.action)} (policy version ${proposal.policyVersion})`,
    )
    run.out(`  now: ${proposal.summary}`)
    await send(run, (ctx) => approveProposalTx(ctx, proposalToApprove(proposal)))
    await printProposal(run, account, id)
  },
  reject: async (run) => {
    const ref = proposalRef(run.values)
    const reason = text(run.values, 'reason') ?? ''
    await send(run, (ctx) => rejectProposalTx(ctx, { ...proposalKey(ref), reason }))
    await printProposal(run, ref.account, ref.id)
  },
  cancel: async (run) => {
    const ref = proposalRef(run.values)
    await send(run, (ctx) => cancelProposalTx(ctx, proposalKey(ref)))
    await printProposal(run, ref.account, ref.id)
  },
  execute: async (run) => {
    const ref = proposalRef(run.values)
    await send(run, (ctx) => executeProposalTx(ctx, proposalKey(ref)))
    await printProposal(run, ref.account, ref.id)
  },
  explain: async (run) => {
    const { account, id } = proposalRef(run.values)
    const answer = await run.rpc.explainProposal(account, id, run.signer)
    if (run.values['json']) return run.out(JSON.stringify(answer, null, 2))
    printExplanation(run.out, answer)
  },
  list: async (run) => {
    const account = accountOf(run.values)
    const status = text(run.values, 'status')
    const filter = status === undefined ? {} : { status: parseOption(status, statuses, '--status') }
    const answer = await run.rpc.listProposals(account, run.signer, filter)
    if (run.values['json']) return run.out(JSON.stringify(answer, null, 2))
    if (answer.proposals.length === 0) return run.out(`no proposals (height ${answer.height})`)
    for (const p of answer.proposals)
      run.out(
        `${p.id}  ${p.status.padEnd(9)} ${accountActionWords(p.action)}  by ${p.initiator}\n  ${p.summary}`,
      )
  },
  show: async (run) => {
    const answer = await run.rpc.getAccount(accountOf(run.values), run.signer)
    if (run.values['json']) return run.out(JSON.stringify(answer, null, 2))
    const record = answer.value as {
      members: Address[]
      groups: Record<string, Address[]>
    } & Record<string, unknown>
    if (run.values['policy-json']) {
      const { members, groups, policy, adminRule } = record
      return run.out(
        JSON.stringify({ members, groups, policy, ...(adminRule ? { adminRule } : {}) }, null, 2),
      )
    }
    run.out(`account ${answer.address} '${answer.name}', policy version ${answer.policyVersion}`)
    run.out(`members  ${record.members.join(', ')}`)
    for (const [group, members] of Object.entries(record.groups))
      run.out(`group    ${group}: ${members.join(', ')}`)
    run.out('rules')
    for (const rule of answer.rules) run.out(`  ${rule}`)
  },
}

async function create(run: Run): Promise<void> {
  const name = text(run.values, 'name')
  if (!name) throw new CliError('--name is required (see custos account --help)')
  const { membersAndPolicy } = policyFromJson(policyFile(run.values), { name })
  const sent = await send(run, (ctx) => createAccountTx(ctx, { name, membersAndPolicy }))
  run.out(`account ${sent.request.account}`)
}

async function propose(run: Run): Promise<void> {
  const { values } = run
  const account = accountOf(values)
  const kinds = [
    'transfer',
    'affirm',
    'mint',
    'redeem',
    'pause',
    'unpause',
    'freeze',
    'unfreeze',
    'policy',
  ]
  const given = kinds.filter((k) => values[k] !== undefined)
  if (given.length !== 1)
    throw new CliError(
      `give exactly one of ${kinds.map((k) => `--${k}`).join(', ')} (see custos account --help)`,
    )
  const [kind] = given as [string]
  let sent
  if (kind === 'policy') {
    const { membersAndPolicy } = policyFromJson(policyFile(values))
    sent = await send(run, (ctx) =>
      proposePolicyChangeTx(ctx, { account, change: membersAndPolicy }),
    )
  } else {
    const action = await actionOf(run, account, kind)
    sent = await send(run, (ctx) => proposeActionTx(ctx, account, action))
  }
  run.out(`proposal ${sent.id}`)
  printExplanation(run.out, await run.rpc.explainProposal(account, sent.id, run.signer))
}

/** The `Action` of `propose --<kind> …`; flags are named in errors as the user typed them. */
async function actionOf(run: Run, account: Address, kind: string): Promise<Action> {
  const { values } = run
  const symbol = (): string => parseSymbol(values[kind], `--${kind}`)
  const address = (flag: string): Address => parseAddress(values[flag], `--${flag}`)
  const amount = (): bigint => parseAmount(values['amount'], '--amount')
  switch (kind) {
    case 'transfer':
      return transferAction({ symbol: symbol(), to: address('to'), amount: amount() })
    case 'affirm': {
      const id = parseBytes32(values['affirm'], '--affirm')
      const proven = await run.rpc.callPrivate<{ value: { legs: Array<Jsonified<Leg>> } }>(
        'custos_getInstruction',
        { id },
        run.signer,
      )
      const legs = proven.value.legs.map((leg) => ({ ...leg, amount: BigInt(leg.amount) }))
      return affirmationFromLegs(id, account, legs)
    }
    case 'mint':
      return agentAction({ kind, symbol: symbol(), to: address('to'), amount: amount() })
    case 'redeem':
      return agentAction({ kind, symbol: symbol(), holder: address('holder'), amount: amount() })
    case 'freeze':
    case 'unfreeze':
      return agentAction({ kind, symbol: symbol(), holder: address('holder') })
    default:
      return agentAction({ kind: kind as 'pause' | 'unpause', symbol: symbol() })
  }
}

interface Leg {
  symbol: string
  from: Address
  to: Address
  amount: bigint
}

const statuses: readonly ProposalStatus[] = [
  'pending',
  'approved',
  'executed',
  'rejected',
  'expired',
  'cancelled',
  'failed',
]

function send<R extends UnsignedTxRequest>(run: Run, build: (ctx: TxContext) => R) {
  return submit({
    rpc: run.rpc,
    signer: run.signer,
    build,
    timeoutMs: timeoutMs(text(run.values, 'timeout')),
    progress: run.out,
  })
}

async function printProposal(run: Run, account: Address, id: Hex): Promise<void> {
  printExplanation(run.out, await run.rpc.explainProposal(account, id, run.signer))
}

function printExplanation(out: (line: string) => void, answer: ExplainAnswer): void {
  for (const line of explanationLines(answer)) out(line)
}

function text(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

function accountOf(values: Values): Address {
  if (values['account'] === undefined)
    throw new CliError('--account ADDRESS is required (see custos account --help)')
  return parseAddress(values['account'], '--account')
}

function proposalRef(values: Values): { account: Address; id: Hex } {
  const account = accountOf(values)
  if (values['proposal'] === undefined)
    throw new CliError('--proposal ID is required (see custos account --help)')
  return { account, id: parseBytes32(values['proposal'], '--proposal') }
}

function proposalKey(ref: { account: Address; id: Hex }): { account: Address; proposalId: Hex } {
  return { account: ref.account, proposalId: ref.id }
}

function policyFile(values: Values): unknown {
  const path = text(values, 'policy')
  if (!path) throw new CliError('--policy FILE.json is required (see custos account --help)')
  return readJson(path, 'policy file')
}
