/**
 * The demo institution on the embedded devnet, set up once at first start: a 2-of-3 treasury
 * account whose members are the three simulated devices' keys, with KYC claims from the demo
 * KYC provider and funds (EURD cash, ACME shares) minted by the demo issuer. The devnet genesis
 * already holds the issuer, both tokens and a second institution to trade with (demo Dave).
 * What was made is kept in `demo.json` so later starts reuse it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import {
  buildTx,
  createAccountTx,
  CustosRpc,
  policyFromJson,
  privateKeySigner,
  sendTx,
  type TypedDataSigner,
} from '../../node/client'
import { demoAccounts } from '../../node/cli/devnetGenesis'
import { fromHex, type Address } from '../../node/protocol'
import type { LedgerSigner } from '../../shared/signer'
import { DEVNET_DEVICE_COUNT, MEMBER_PATH } from './devnetDevices'
import { ServiceError } from './errors'

export const TREASURY_NAME = 'Demo treasury'

/** What the demo setup made. */
export interface DemoInstitution {
  treasury: Address
  members: Address[]
  /** The institution to trade with (demo Dave, from the devnet genesis). */
  counterparty: Address
}

/** Funds minted to the treasury: 1,000,000.00 EURD and 5,000 ACME shares. */
export const TREASURY_FUNDS = [
  { symbol: 'EURD', amount: 100_000_000n },
  { symbol: 'ACME', amount: 5_000n },
] as const

export interface SetUpDemoParameters {
  rpc: CustosRpc
  ledger: LedgerSigner
  /** Where `demo.json` is kept. */
  statePath: string
}

/** Reads the demo institution made earlier, or sets it up now. */
export async function setUpDemo(p: SetUpDemoParameters): Promise<DemoInstitution> {
  if (existsSync(p.statePath))
    return JSON.parse(readFileSync(p.statePath, 'utf8')) as DemoInstitution
  try {
    const demo = await createDemo(p)
    writeFileSync(p.statePath, `${JSON.stringify(demo, null, 2)}\n`)
    return demo
  } catch (error) {
    throw new ServiceError(
      'DEMO_SETUP',
      `the demo institution could not be set up on the devnet: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    )
  }
}

async function createDemo(p: SetUpDemoParameters): Promise<DemoInstitution> {
  const people = new Map(demoAccounts().map((a) => [a.name, a] as const))
  const keyOf = (name: string): TypedDataSigner => {
    const person = people.get(name)
    if (!person) throw new Error(`the devnet genesis has no demo ${name}`)
    return privateKeySigner(fromHex(person.privateKey))
  }
  const members: Address[] = []
  for (let i = 0; i < DEVNET_DEVICE_COUNT; i++)
    members.push(
      (await p.ledger.getAddressAt(MEMBER_PATH, { deviceId: `simulated-${i}` })) as Address,
    )

  const { membersAndPolicy } = policyFromJson({
    members,
    groups: { Treasury: members },
    policy: [
      {
        name: 'Treasury payments and settlements',
        match: { kinds: ['transfer', 'dvp-affirmation'] },
        outcome: { require: { group: 'Treasury', threshold: 2 } },
      },
      { name: 'Everything else', match: { kinds: 'any' }, outcome: 'block' },
    ],
    adminRule: {
      name: 'Policy changes',
      match: { kinds: ['policy-change'] },
      outcome: { require: { group: 'Treasury', threshold: 2 } },
    },
  })
  const created = await sendTx({
    rpc: p.rpc,
    signer: keyOf('alice'),
    build: (ctx) => createAccountTx(ctx, { name: TREASURY_NAME, membersAndPolicy }),
  })
  const treasury = created.request.account

  const kyc = keyOf('kyc-provider')
  const claims = [
    ['kyc', 'true'],
    ['accredited', 'true'],
    ['jurisdiction', 'DE'],
  ] as const
  for (const [topic, value] of claims)
    await sendTx({
      rpc: p.rpc,
      signer: kyc,
      build: (ctx) =>
        buildTx(ctx, 'IssueClaim', { subject: treasury, topic, value, expiresAt: 0n }),
    })

  const issuer = keyOf('issuer')
  for (const { symbol, amount } of TREASURY_FUNDS)
    await sendTx({
      rpc: p.rpc,
      signer: issuer,
      build: (ctx) => buildTx(ctx, 'Mint', { symbol, to: treasury, amount }),
    })

  const dave = people.get('dave')
  if (!dave) throw new Error('the devnet genesis has no demo dave')
  return { treasury, members, counterparty: dave.address }
}
