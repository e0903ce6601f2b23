import { z } from 'zod'
import { policyToWire } from '../../state/accounts'
import { keys } from '../../state/keys'
import type { AccountAnswer } from '../answers'
import { readAccount } from '../accounts/readAccount'
import { accountRuleWords } from '../accounts/ruleWords'
import { toJsonAs } from '../json'
import { privateMethod } from '../method'
import { address } from '../params'

/**
 * A multi-approver account with its state proof: `value` is the record (members, groups,
 * policy as evaluated, policy version, executed actions counted by velocity limits);
 * `signed` is the members and policy in the form a `ProposePolicyChange` signs; `rules` says
 * each rule in words. For members, auditors and regulators.
 */
export const getAccount = privateMethod({
  name: 'custos_getAccount',
  params: z.strictObject({ account: address }),
  handle(params, { ctx }, reader): AccountAnswer {
    const { snapshot, record } = readAccount(ctx.backend.chain, reader, params.account)
    return {
      address: params.account,
      name: record.name,
      policyVersion: record.policyVersion.toString(),
      rules: accountRuleWords(record),
      signed: toJsonAs(policyToWire(record)),
      ...snapshot.prove(keys.account(params.account)),
    }
  },
})
