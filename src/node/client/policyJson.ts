/**
 * The policy file people write: an account's members, named groups and ordered rules in plain
 * JSON — amounts as decimal strings in the token's smallest unit, groups as an object, rules
 * with readable fields. `policyFromJson` parses it (zod) into the state's `Account` policy,
 * checks it with `validatePolicy` and converts it to the signed form (`policyToWire`).
 *
 * ```json
 * {
 *   "members": ["0x…t1", "0x…t2", "0x…r1"],
 *   "groups": { "Treasury": ["0x…t1", "0x…t2"], "Risk": ["0x…r1"] },
 *   "policy": [
 *     { "name": "Small transfers",
 *       "match": { "kinds": ["transfer"], "assets": ["EURD"], "maxAmount": "1000000" },
 *       "outcome": { "require": { "group": "Treasury", "threshold": 1 } },
 *       "velocity": { "asset": "EURD", "amount": "5000000", "periodSeconds": "86400" } },
 *     { "name": "Large transfers",
 *       "match": { "kinds": ["transfer"], "counterparties": ["0x…bank"] },
 *       "outcome": { "require": { "all": [ { "group": "Treasury", "threshold": 2 },
 *                                          { "group": "Risk", "threshold": 1 } ] } },
 *       "timelockBlocks": "10", "expirySeconds": "86400" },
 *     { "name": "Everything else", "match": { "kinds": "any" }, "outcome": "block" }
 *   ],
 *   "adminRule": { "name": "Admins", "match": { "kinds": ["policy-change"] },
 *                  "outcome": { "require": { "group": "Risk", "threshold": 1 } } }
 * }
 * ```
 * `outcome` is `"allow"`, `"block"` or `{ "require": requirement }` (with `"excludeInitiator":
 * true` on the rule, the initiator's own approval does not count); the state's own form
 * (`{ "type": "require", "approvals": … }`, as `custos_getAccount` shows it) is accepted too, so
 * a shown policy can be edited and proposed back. A requirement is `{ group, threshold }`,
 * `{ all: [...] }` or `{ any: [...] }`. Absent conditions match anything.
 */
import { z } from 'zod'
import { InvalidValue } from '../protocol/errors'
import type { Address, MembersAndPolicy } from '../protocol/messages'
import {
  ACTION_KINDS,
  policyToWire,
  validatePolicy,
  type Account,
  type ApprovalRequirement,
  type PolicyRule,
  type RuleOutcome,
} from '../state/accounts'
import { ZERO_ADDRESS } from './accountActions'

const uint = z
  .union([
    z.string().regex(/^(0|[1-9]\d*)$/, 'must be a whole number written in decimal, e.g. "1000"'),
    z.number().int('must be a whole number').nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((v) => BigInt(v))

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
  .transform((v) => v.toLowerCase() as Address)

const requirement: z.ZodType<ApprovalRequirement> = z.lazy(() =>
  z.union([
    z.strictObject({ group: z.string().min(1), threshold: z.number().int().min(1) }),
    z.strictObject({ all: z.array(requirement).min(1) }),
    z.strictObject({ any: z.array(requirement).min(1) }),
  ]),
)

const outcome = z
  .union([
    z.literal('allow'),
    z.literal('block'),
    z.strictObject({ require: requirement }),
    z.strictObject({ type: z.literal('allow') }),
    z.strictObject({ type: z.literal('block') }),
    z.strictObject({ type: z.literal('require'), approvals: requirement }),
  ])
  .transform((v): RuleOutcome => {
    if (v === 'allow' || v === 'block') return { type: v }
    if ('require' in v) return { type: 'require', approvals: v.require }
    return v
  })

const anyOr = <T extends z.ZodType>(list: T) => z.union([z.literal('any'), list])

const rule = z.strictObject({
  name: z.string().min(1, 'must not be empty'),
  match: z.strictObject({
    kinds: anyOr(z.array(z.enum(ACTION_KINDS as [string, ...string[]]))),
    assets: anyOr(z.array(z.string().min(1))).optional(),
    minAmount: uint.optional(),
    maxAmount: uint.optional(),
    counterparties: anyOr(z.array(address)).optional(),
    initiators: anyOr(
      z.strictObject({
        members: z.array(address).optional(),
        groups: z.array(z.string()).optional(),
      }),
    ).optional(),
  }),
  outcome,
  excludeInitiator: z.boolean().optional(),
  velocity: z
    .strictObject({ asset: z.string().min(1), amount: uint, periodSeconds: uint })
    .optional(),
  timelockBlocks: uint.optional(),
  expirySeconds: uint.optional(),
})

export const policyFileSchema = z.strictObject({
  members: z.array(address).min(1, 'must list at least one member'),
  groups: z.record(z.string(), z.array(address)),
  policy: z.array(rule),
  adminRule: rule.optional(),
})

export interface PolicyFromJsonOptions {
  /** The account's name (for messages and validation; the transaction carries its own). */
  name?: string
  /** The account's address, when it exists already. */
  address?: Address
}

export interface ParsedPolicy {
  /** The policy as the state evaluates it. */
  account: Account
  /** The policy as signed in `CreateAccount` / `ProposePolicyChange`. */
  membersAndPolicy: MembersAndPolicy
}

/**
 * Parses and checks a policy file. Throws `InvalidValue` naming the first bad field, e.g.
 * `policy[1].match.maxAmount: must be a whole number written in decimal, e.g. "1000"` or
 * `rule 2 'Large' outcome.approvals.group: no group named 'Risk'`.
 */
export function policyFromJson(json: unknown, options: PolicyFromJsonOptions = {}): ParsedPolicy {
  const parsed = policyFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue ? fieldPath(issue.path) : ''
    throw new InvalidValue(path || 'policy file', issue?.message ?? 'is invalid')
  }
  const file = parsed.data
  const account: Account = {
    address: options.address ?? ZERO_ADDRESS,
    name: options.name ?? 'account',
    members: file.members,
    groups: file.groups,
    policy: file.policy.map(toRule),
    ...(file.adminRule ? { adminRule: toRule(file.adminRule) } : {}),
  }
  validatePolicy(account)
  return { account, membersAndPolicy: policyToWire(account) }
}

/** An account's policy in the file format (amounts as decimal strings), to edit and propose back. */
export function policyToJson(account: Account): Record<string, unknown> {
  const text = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
  return text({
    members: account.members,
    groups: account.groups,
    policy: account.policy,
    ...(account.adminRule ? { adminRule: account.adminRule } : {}),
  }) as Record<string, unknown>
}

function toRule(r: z.output<typeof rule>): PolicyRule {
  return {
    name: r.name,
    match: r.match as PolicyRule['match'],
    outcome: r.outcome,
    ...(r.excludeInitiator ? { excludeInitiator: true } : {}),
    ...(r.velocity ? { velocity: r.velocity } : {}),
    ...(r.timelockBlocks !== undefined ? { timelockBlocks: r.timelockBlocks } : {}),
    ...(r.expirySeconds !== undefined ? { expirySeconds: r.expirySeconds } : {}),
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('')
}
