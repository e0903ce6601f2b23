/**
 * `custos gov`: on-chain governance from the command line — a validator (or a holder of a
 * proposer role) proposes, validators vote with their consensus key (a key file, or a Ledger
 * that holds it), anyone lists proposals and their tallies (governance is public).
 */
import { parseArgs } from 'node:util'
import {
  addValidatorProposalTx,
  govActionWords,
  tallyWords,
  castVoteTx,
  changeParamProposalTx,
  grantRoleProposalTx,
  parseAddress,
  parseBytes32,
  parseOption,
  parseUint,
  removeValidatorProposalTx,
  revokeRoleProposalTx,
  setValidatorPowerProposalTx,
  softwareUpgradeProposalTx,
  textProposalTx,
  type ProposalText,
  type TxContext,
  type UnsignedTxRequest,
} from '../../client'
import { voteOptions } from '../../protocol/txTypes'
import type { GovProposalJson } from '../../rpc/answers'
import { roles } from '../../state/identity/types'
import type { GovProposalStatus } from '../../state/governance'
import type { CustosRpc, TypedDataSigner } from '../../client'
import type { ProvenValue } from '../../rpc/snapshot'
import { CliError } from '../home'
import { connect, submit, timeoutMs } from '../rpcClient'
import { commandSigner, signerHelp, signerOptions } from '../signerOptions'

export const govHelp = `custos gov <action> [options]

On-chain governance: validators vote on proposals, weighted by voting power; at the end of the
voting period the tally (quorum, threshold, veto) decides and a passed proposal takes effect.
Proposing and voting sign with --key (a validator's consensus_key.json, or any key file
{ address, privateKey }), a Ledger or a simulated device (see Signing), and wait until a
block includes the transaction. A vote from a device is refused before signing unless the
device's address is a validator's.

Actions:
  propose --key FILE --title T [--description D] <what>     prints the proposal id
          what: --add-validator ADDR --power N
                --remove-validator ADDR
                --set-power ADDR --power N
                --grant-role ROLE --to ADDR      (ROLE: issuer, claim-issuer, auditor, regulator)
                --revoke-role ROLE --from ADDR
                --param NAME --value V           (e.g. governance.quorum 1/2)
                --text                           a signalling vote on the title and description
                --upgrade NAME --halt-height H   the chain halts before height H for NAME
  vote    --key FILE --proposal ID --option yes|no|abstain|veto
  list    [--status S] [--json]                  proposals, newest first, with their tallies
  show    --proposal ID [--json]                 one proposal: votes and tally

${signerHelp}

Options:
  --rpc URL       the node's JSON-RPC URL (default http://127.0.0.1:26657)
  --timeout SECS  how long to wait for a block (default 60)
  --help          this text`

const base = { rpc: { type: 'string' }, help: { type: 'boolean' } } as const
const sending = { ...base, ...signerOptions, timeout: { type: 'string' } } as const

const actionOptions = {
  propose: {
    ...sending,
    title: { type: 'string' },
    description: { type: 'string' },
    'add-validator': { type: 'string' },
    'remove-validator': { type: 'string' },
    'set-power': { type: 'string' },
    power: { type: 'string' },
    'grant-role': { type: 'string' },
    'revoke-role': { type: 'string' },
    to: { type: 'string' },
    from: { type: 'string' },
    param: { type: 'string' },
    value: { type: 'string' },
    text: { type: 'boolean' },
    upgrade: { type: 'string' },
    'halt-height': { type: 'string' },
  },
  vote: { ...sending, proposal: { type: 'string' }, option: { type: 'string' } },
  list: { ...base, status: { type: 'string' }, json: { type: 'boolean' } },
  show: { ...base, proposal: { type: 'string' }, json: { type: 'boolean' } },
} as const

type GovAction = keyof typeof actionOptions
type OptionKind = { type: 'string' } | { type: 'boolean' }
type Values = Record<string, string | boolean | undefined>

const kinds = [
  'add-validator',
  'remove-validator',
  'set-power',
  'grant-role',
  'revoke-role',
  'param',
  'text',
  'upgrade',
] as const

const statuses: readonly GovProposalStatus[] = [
  'voting',
  'passed',
  'rejected',
  'vetoed',
  'no-quorum',
  'failed',
]

export async function govCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const [action, ...rest] = argv
  if (action === undefined || action === '--help' || action === 'help') return out(govHelp)
  if (!Object.hasOwn(actionOptions, action))
    throw new CliError(
      `unknown gov action ${JSON.stringify(action)}; use one of ${Object.keys(actionOptions).join(', ')}`,
    )
  const { values } = parseArgs({
    args: rest,
    options: actionOptions[action as GovAction] as Record<string, OptionKind>,
    strict: true,
  })
  if (values.help) return out(govHelp)
  const rpc = connect(str(values, 'rpc'))
  switch (action as GovAction) {
    case 'propose':
    case 'vote': {
      const build = action === 'vote' ? voteBuilder(values) : proposalBuilder(values)
      const signing = await commandSigner(values, `custos gov ${action}`, rpc, out)
      try {
        if (action === 'vote' && signing.device) await requireValidator(rpc, signing.signer)
        const sent = await submit({
          rpc,
          signer: signing.signer,
          build,
          timeoutMs: timeoutMs(str(values, 'timeout')),
          progress: out,
        })
        const id = action === 'vote' ? proposalId(values) : sent.id
        if (action === 'propose') out(`proposal ${id}`)
        return printProposal(out, await rpc.getGovProposal(id))
      } finally {
        await signing.close()
      }
    }
    case 'list': {
      const status = str(values, 'status')
      const answer = await rpc.listGovProposals(
        status === undefined ? {} : { status: parseOption(status, statuses, '--status') },
      )
      if (values['json']) return out(JSON.stringify(answer, null, 2))
      if (answer.proposals.length === 0) return out(`no proposals (height ${answer.height})`)
      for (const p of answer.proposals)
        out(
          `${p.id}  ${p.status.padEnd(9)} ${p.action.kind.padEnd(19)} ${JSON.stringify(p.title)}\n` +
            `  ${tallyWords(p)}`,
        )
      return
    }
    case 'show': {
      const proposal = await rpc.getGovProposal(proposalId(values))
      if (values['json']) return out(JSON.stringify(proposal, null, 2))
      return printProposal(out, proposal)
    }
  }
}

/**
 * A device votes only with a validator's key: checked against the validator set before the
 * person is asked to approve anything (the chain would refuse it after signing).
 */
async function requireValidator(rpc: CustosRpc, signer: TypedDataSigner): Promise<void> {
  const set = await rpc.call<ProvenValue>('custos_getValidators')
  const validators = (set.value as Array<{ address: string }> | null) ?? []
  if (validators.some((v) => v.address.toLowerCase() === signer.address)) return
  throw new CliError(
    `${signer.label ?? 'the device'} holds ${signer.address}, which is not a validator ` +
      `(validators: ${validators.map((v) => v.address).join(', ')}); ` +
      `choose the validator's key with --path or --account-index`,
  )
}

function voteBuilder(values: Values) {
  const id = proposalId(values)
  const option = parseOption(str(values, 'option'), voteOptions, '--option')
  return (ctx: TxContext) => castVoteTx(ctx, { proposalId: id, option })
}

/** The builder of `gov propose --<kind> …`, with every flag checked before anything is signed. */
function proposalBuilder(values: Values): (ctx: TxContext) => UnsignedTxRequest {
  const title = str(values, 'title')
  if (!title) throw new CliError('--title is required (see custos gov --help)')
  const description = str(values, 'description')
  const text: ProposalText = { title, ...(description === undefined ? {} : { description }) }
  const given = kinds.filter((k) => values[k] !== undefined)
  if (given.length !== 1)
    throw new CliError(
      `give exactly one of ${kinds.map((k) => `--${k}`).join(', ')} (see custos gov --help)`,
    )
  const address = (flag: string): `0x${string}` => parseAddress(values[flag], `--${flag}`)
  const power = (): bigint => parseUint(required(values, 'power'), '--power')
  switch (given[0]) {
    case 'add-validator': {
      const p = { ...text, validator: address('add-validator'), power: power() }
      return (ctx) => addValidatorProposalTx(ctx, p)
    }
    case 'remove-validator': {
      const p = { ...text, validator: address('remove-validator') }
      return (ctx) => removeValidatorProposalTx(ctx, p)
    }
    case 'set-power': {
      const p = { ...text, validator: address('set-power'), power: power() }
      return (ctx) => setValidatorPowerProposalTx(ctx, p)
    }
    case 'grant-role': {
      const p = {
        ...text,
        role: parseOption(values['grant-role'], roles, '--grant-role'),
        to: address('to'),
      }
      return (ctx) => grantRoleProposalTx(ctx, p)
    }
    case 'revoke-role': {
      const p = {
        ...text,
        role: parseOption(values['revoke-role'], roles, '--revoke-role'),
        from: address('from'),
      }
      return (ctx) => revokeRoleProposalTx(ctx, p)
    }
    case 'param': {
      const p = { ...text, param: required(values, 'param'), value: required(values, 'value') }
      return (ctx) => changeParamProposalTx(ctx, p)
    }
    case 'upgrade': {
      const haltHeight = parseUint(required(values, 'halt-height'), '--halt-height')
      const p = { ...text, name: required(values, 'upgrade'), haltHeight }
      return (ctx) => softwareUpgradeProposalTx(ctx, p)
    }
    default:
      return (ctx) => textProposalTx(ctx, text)
  }
}

function printProposal(out: (line: string) => void, p: GovProposalJson): void {
  out(`proposal    ${p.id}`)
  out(`title       ${p.title}`)
  if (p.description) out(`description ${p.description}`)
  out(`action      ${govActionWords(p.action)}`)
  out(`proposer    ${p.proposer}`)
  out(
    `status      ${p.status}${p.status === 'voting' ? ` (${p.blocksLeft} blocks left, ends at height ${p.votingEndsAt})` : ''}`,
  )
  out(`tally       ${tallyWords(p)}`)
  for (const [voter, option] of Object.entries(p.votes)) out(`  ${voter} ${option}`)
  if (p.reason && p.status !== 'voting') out(`reason      ${p.reason}`)
}

function proposalId(values: Values): `0x${string}` {
  return parseBytes32(required(values, 'proposal'), '--proposal')
}

function required(values: Values, name: string): string {
  const value = str(values, name)
  if (value === undefined) throw new CliError(`--${name} is required (see custos gov --help)`)
  return value
}

function str(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}
