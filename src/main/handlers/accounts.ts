/**
 * Accounts the institution follows: the list, an account's members and rules in words, its
 * holdings (proven balances with each token's name and decimals) and its proposals. Private
 * reads are signed by `services.reader`.
 */
import { accountActionWords, type TypedDataSigner } from '../../node/client'
import type { Address } from '../../node/protocol'
import type { ProposalJson } from '../../node/rpc/answers'
import type { IpcResponse } from '../../shared/ipc'
import type { Services } from '../services/types'
import { followedAccount } from './followed'
import type { Handler } from './types'

export const listAccounts: Handler<'custos:accounts-list'> = async (services) => ({
  accounts: services.accounts().map((a) => ({ ...a })),
  counterparties: services.counterparties().map((c) => ({ ...c })),
})

interface SignedPolicyJson {
  members: Address[]
  groups: Array<{ name: string; members: Address[] }>
}

export const accountDetails: Handler<'custos:account-details'> = async (services, request) => {
  followedAccount(services, request.account)
  const answer = await services.rpc.getAccount(request.account, services.reader)
  const signed = answer.signed as unknown as SignedPolicyJson
  return {
    address: answer.address,
    name: answer.name,
    policyVersion: answer.policyVersion,
    members: signed.members,
    groups: Object.fromEntries(signed.groups.map((g) => [g.name, g.members])),
    rules: answer.rules,
    height: answer.height,
  }
}

interface BalancesAnswer {
  address: Address
  height: string
  balances: Array<{ symbol: string; amount: string }>
}

interface TokenAnswer {
  value: { name: string; decimals: number | string } | null
}

export const accountHoldings: Handler<'custos:account-holdings'> = async (services, request) => {
  followedAccount(services, request.account)
  const answer = await balances(services.rpc, request.account, services.reader)
  const holdings = await Promise.all(
    answer.balances.map(async (b) => {
      const token = (await services.rpc.call<TokenAnswer>('custos_getToken', { symbol: b.symbol }))
        .value
      return {
        symbol: b.symbol,
        amount: b.amount,
        decimals: Number(token?.decimals ?? 0),
        name: token?.name ?? b.symbol,
      }
    }),
  )
  return { address: answer.address, height: answer.height, holdings }
}

function balances(
  rpc: Services['rpc'],
  address: Address,
  reader: TypedDataSigner,
): Promise<BalancesAnswer> {
  return rpc.callPrivate<BalancesAnswer>('custos_getBalances', { address }, reader)
}

type ProposalOut = IpcResponse<'custos:account-proposals'>['proposals'][number]

/** A proposal as the bridge carries it. */
export function proposalOut(p: ProposalJson & { summary?: string }): ProposalOut {
  return {
    id: p.id,
    account: p.account,
    summary: p.summary ?? accountActionWords(p.action),
    kind: p.action.kind,
    initiator: p.initiator,
    status: p.status,
    createdAt: p.createdAt,
    createdTimeMs: (BigInt(p.createdTime) * 1000n).toString(),
    rule: p.rule,
    approvals: p.approvals,
    rejections: p.rejections.map((r) => ({ member: r.member, reason: r.reason })),
    expiresAt: p.expiresAt,
    executableAt: p.executableAt,
    reason: p.reason,
  }
}

export const accountProposals: Handler<'custos:account-proposals'> = async (services, request) => {
  followedAccount(services, request.account)
  const answer = await services.rpc.listProposals(request.account, services.reader, {
    ...(request.status === undefined ? {} : { status: request.status }),
    ...(request.limit === undefined ? {} : { limit: request.limit }),
  })
  return { total: answer.total, proposals: answer.proposals.map(proposalOut) }
}
