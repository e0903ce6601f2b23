/**
 * The genesis document (JSON) and the initial state it produces.
 *
 * {
 *   "chainId": "7001", "verifyingContract": "0x…", "genesisTimeMs": "1767225600000",
 *   "params": { …optional overrides…, "maxLegs": 16,
 *               "governance": { "votingPeriodBlocks": "172800", "quorum": "334/1000",
 *                               "threshold": "1/2", "vetoThreshold": "334/1000",
 *                               "proposerRoles": ["regulator"] } },
 *   "validators":   [{ "address": "0x…", "power": "10", "name": "validator-1" }],
 *   "participants": [{ "address": "0x…", "name": "…", "roles": ["issuer"],
 *                      "claims": [{ "topic": "kyc", "value": "true", "issuer": "0x…", "expiresAt": "0" }] }],
 *   "tokens": [{ "symbol": "ACME", "name": "…", "decimals": 0, "assetClass": "security",
 *                "issuer": "0x…", "documentsHash": "0x…", "identifiers": ["ISIN:…"],
 *                "rules": { …ComplianceRules, all optional… },
 *                "balances": [{ "holder": "0x…", "amount": "1000" }] }]
 * }
 * Integers may be JSON numbers or decimal strings (use strings above 2^53). Governance ratios are
 * fractions written "numerator/denominator" (kept exact, not reduced) — the same text a
 * 'change-param' proposal uses; every `params` field is optional (defaults: `defaultParams`,
 * Cosmos x/gov's for governance; `proposerRoles` [] = only validators propose), and the result
 * is checked by `validateParams`. Roles granted here are the network's initial roles; after
 * genesis, roles are granted and revoked by governance. Initial balances are minted under the
 * tokens' rules.
 */
import { z } from 'zod'
import type { Validator } from '../protocol/block'
import { custosDomain, type CustosDomain } from '../protocol/eip712'
import { CustosError, InvalidGenesis, InvalidValue } from '../protocol/errors'
import type { Address, ComplianceRules, Hex } from '../protocol/messages'
import { moveTokens } from './assets/moveTokens'
import { addTokenSymbol, checkRules, checkSymbol } from './assets/tokens'
import { assetClasses, noRules, type Token } from './assets/types'
import { checkClaimValue } from './identity/issueClaim'
import { checkDisplayText } from './identity/participants'
import { claimTopics, roles, type Participant } from './identity/types'
import { keys } from './keys'
import type { Ratio } from './governance/tally/types'
import { defaultParams, validateParams, type Params } from './params/params'
import { StateView, type StateReader } from './view'

const uint = z
  .union([z.string().regex(/^\d+$/, 'must be a decimal integer'), z.number().int().nonnegative()])
  .transform((v) => BigInt(v))
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address')
  .transform((v) => v.toLowerCase() as Address)
const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x-prefixed 32 bytes')
  .transform((v) => v.toLowerCase() as Hex)
const text = z.string().min(1).max(256)
const ratio = z
  .string()
  .regex(
    /^(0|[1-9]\d*)\/(0|[1-9]\d*)$/,
    'must be a fraction "numerator/denominator", e.g. "334/1000"',
  )
  .transform((v): Ratio => {
    const [numerator = '', denominator = ''] = v.split('/')
    return { numerator: BigInt(numerator), denominator: BigInt(denominator) }
  })
const country = z.string().length(2)

const rulesSchema = z
  .object({
    kycRequired: z.boolean().default(false),
    accreditationRequired: z.boolean().default(false),
    allowJurisdictions: z.array(country).max(64).default([]),
    denyJurisdictions: z.array(country).max(64).default([]),
    maxHolders: uint.default(0n),
    maxBalancePerHolder: uint.default(0n),
    lockupUntil: uint.default(0n),
    maxTransferPerPeriod: uint.default(0n),
    transferPeriod: uint.default(0n),
  })
  .strict()

export const genesisSchema = z
  .object({
    chainId: uint.refine((v) => v > 0n, 'must be positive'),
    verifyingContract: address.default(`0x${'00'.repeat(20)}`),
    genesisTimeMs: uint,
    params: z
      .object({
        maxBlockTxs: z.number().int().positive(),
        maxBlockBytes: z.number().int().positive(),
        maxLegs: z.number().int().positive().max(64),
        maxPendingInstructions: z.number().int().positive(),
        blockIntervalMs: z.number().int().positive(),
        governance: z
          .object({
            votingPeriodBlocks: uint,
            quorum: ratio,
            threshold: ratio,
            vetoThreshold: ratio,
            proposerRoles: z.array(z.enum(roles)),
          })
          .partial()
          .strict(),
      })
      .partial()
      .strict()
      .default({}),
    validators: z
      .array(
        z
          .object({ address, power: uint.refine((v) => v > 0n, 'must be positive'), name: text })
          .strict(),
      )
      .min(1, 'at least one validator is needed'),
    participants: z
      .array(
        z
          .object({
            address,
            name: text,
            roles: z.array(z.enum(roles)).default([]),
            claims: z
              .array(
                z
                  .object({
                    topic: z.enum(claimTopics),
                    value: z.string(),
                    issuer: address,
                    expiresAt: uint.default(0n),
                  })
                  .strict(),
              )
              .default([]),
          })
          .strict(),
      )
      .default([]),
    tokens: z
      .array(
        z
          .object({
            symbol: z.string(),
            name: text,
            decimals: uint.default(0n),
            assetClass: z.enum(assetClasses).default('security'),
            issuer: address,
            documentsHash: bytes32.default(`0x${'00'.repeat(32)}`),
            identifiers: z.array(text).max(64).default([]),
            rules: rulesSchema.default(noRules),
            balances: z.array(z.object({ holder: address, amount: uint }).strict()).default([]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()

export type Genesis = z.output<typeof genesisSchema>

export interface ChainRecord {
  chainId: bigint
  verifyingContract: Address
  genesisTimeMs: bigint
}

/** Parses a genesis document; throws `InvalidGenesis` naming the first bad field. */
export function parseGenesis(input: unknown): Genesis {
  const parsed = genesisSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path.join('.') || '(root)'
    throw new InvalidGenesis(`${path}: ${issue?.message ?? 'invalid'}`, { path })
  }
  return parsed.data
}

export function genesisDomain(genesis: Genesis): CustosDomain {
  return custosDomain(genesis.chainId, genesis.verifyingContract)
}

const emptyReader: StateReader = { get: () => undefined }

/** Builds the initial state; its `changes()` are what the store writes at height 0. */
export function buildGenesisState(genesis: Genesis): StateView {
  const view = new StateView(emptyReader).fork()
  const time = genesis.genesisTimeMs / 1000n
  const fail = (path: string, error: unknown): never => {
    const reason = error instanceof CustosError ? error.message : String(error)
    throw new InvalidGenesis(`${path}: ${reason}`, { path })
  }
  const chain: ChainRecord = {
    chainId: genesis.chainId,
    verifyingContract: genesis.verifyingContract,
    genesisTimeMs: genesis.genesisTimeMs,
  }
  view.set(keys.chain(), chain)
  const { governance, ...limits } = genesis.params
  const params: Params = {
    ...defaultParams,
    ...limits,
    governance: { ...defaultParams.governance, ...governance },
  }
  try {
    validateParams(params)
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error
    throw new InvalidGenesis(`params.${error.message}`, {
      path: `params.${error.details['field']}`,
    })
  }
  view.set(keys.params(), params)
  const seenValidators = new Set<string>()
  const validators: Validator[] = genesis.validators.map((v, i) => {
    if (seenValidators.has(v.address))
      fail(`validators.${i}.address`, `${v.address} is listed twice`)
    seenValidators.add(v.address)
    return { address: v.address, power: v.power }
  })
  validators.sort((a, b) => (a.address < b.address ? -1 : 1))
  view.set(keys.lastValidators(), validators)
  view.set(keys.validators(), validators)
  view.set(keys.nextValidators(), validators)

  const byAddress = new Map<Address, Participant>()
  genesis.participants.forEach((p, i) => {
    if (byAddress.has(p.address)) fail(`participants.${i}.address`, `${p.address} is listed twice`)
    try {
      checkDisplayText('name', p.name)
    } catch (error) {
      fail(`participants.${i}.name`, error)
    }
    byAddress.set(p.address, {
      address: p.address,
      name: p.name,
      roles: [...new Set(p.roles)],
      claims: {},
    })
  })
  genesis.participants.forEach((p, i) => {
    const participant = byAddress.get(p.address) as Participant
    p.claims.forEach((c, j) => {
      const path = `participants.${i}.claims.${j}`
      if (!byAddress.get(c.issuer)?.roles.includes('claim-issuer'))
        fail(`${path}.issuer`, `${c.issuer} does not hold the claim-issuer role`)
      try {
        checkClaimValue(c.topic, c.value)
      } catch (error) {
        fail(`${path}.value`, error)
      }
      participant.claims = { ...participant.claims, [c.topic]: { ...c } }
    })
  })
  for (const participant of byAddress.values())
    view.set(keys.participant(participant.address), participant)

  genesis.tokens.forEach((t, i) => {
    const path = `tokens.${i}`
    try {
      checkSymbol('symbol', t.symbol)
      const rules: ComplianceRules = { ...t.rules }
      checkRules('rules', rules)
      if (view.get(keys.token(t.symbol))) throw new InvalidGenesis(`${t.symbol} is listed twice`)
      if (t.decimals > 18n) throw new InvalidGenesis('decimals must be at most 18')
      if (!byAddress.get(t.issuer)?.roles.includes('issuer'))
        throw new InvalidGenesis(`${t.issuer} does not hold the issuer role`)
      const token: Token = {
        symbol: t.symbol,
        name: t.name,
        decimals: t.decimals,
        assetClass: t.assetClass,
        documentsHash: t.documentsHash,
        identifiers: t.identifiers,
        issuer: t.issuer,
        rules,
        paused: false,
        totalSupply: 0n,
        holderCount: 0n,
      }
      view.set(keys.token(t.symbol), token)
      addTokenSymbol(view, t.symbol)
    } catch (error) {
      fail(path, error)
    }
    t.balances.forEach((b, j) => {
      try {
        moveTokens({
          view,
          time,
          symbol: t.symbol,
          to: b.holder,
          amount: b.amount,
          mode: 'mint',
          field: 'balance',
        })
      } catch (error) {
        fail(`${path}.balances.${j}`, error)
      }
    })
  })
  return view
}
