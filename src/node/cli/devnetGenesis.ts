/**
 * The devnet genesis template: the given validators, a demo institution (an issuer, a KYC
 * provider, demo holders with claims) and two tokens, so every screen has something to show.
 * Demo holders' keys are derived from public seeds: devnet only.
 */
import { addressOfPrivateKey, devPrivateKey, toHex, type Address } from '../protocol'

export interface DemoAccount {
  name: string
  address: Address
  privateKey: string
}

export const demoNames = ['issuer', 'kyc-provider', 'alice', 'bob', 'carol', 'dave'] as const

export function demoAccounts(): DemoAccount[] {
  return demoNames.map((name) => {
    const key = devPrivateKey(`devnet:${name}`)
    return { name, address: addressOfPrivateKey(key), privateKey: toHex(key) }
  })
}

export interface DevnetGenesisParameters {
  chainId?: bigint
  validators: Array<{ address: Address; name: string; power?: bigint }>
  genesisTimeMs: bigint
  /** Blocks a governance proposal is open for voting (default 60: about a minute). */
  votingPeriodBlocks?: bigint
}

export function devnetGenesis(params: DevnetGenesisParameters): Record<string, unknown> {
  const accounts = new Map(demoAccounts().map((a) => [a.name, a]))
  const at = (name: string): Address => (accounts.get(name) as DemoAccount).address
  const holders = ['alice', 'bob', 'carol', 'dave']
  const jurisdiction: Record<string, string> = { alice: 'DE', bob: 'FR', carol: 'GB', dave: 'CH' }
  return {
    chainId: (params.chainId ?? 7001n).toString(),
    verifyingContract: '0x00000000000000000000000000000000000c0575',
    genesisTimeMs: params.genesisTimeMs.toString(),
    params: {
      governance: { votingPeriodBlocks: (params.votingPeriodBlocks ?? 60n).toString() },
    },
    validators: params.validators.map((v) => ({
      address: v.address,
      power: (v.power ?? 10n).toString(),
      name: v.name,
    })),
    participants: [
      { address: at('issuer'), name: 'Demo Issuer AG', roles: ['issuer'] },
      { address: at('kyc-provider'), name: 'Demo KYC Ltd', roles: ['claim-issuer'] },
      ...holders.map((name) => ({
        address: at(name),
        name: `Demo ${name[0]?.toUpperCase()}${name.slice(1)}`,
        claims: [
          { topic: 'kyc', value: 'true', issuer: at('kyc-provider') },
          { topic: 'accredited', value: 'true', issuer: at('kyc-provider') },
          { topic: 'jurisdiction', value: jurisdiction[name], issuer: at('kyc-provider') },
        ],
      })),
    ],
    tokens: [
      {
        symbol: 'ACME',
        name: 'Acme Corp Ordinary Shares',
        decimals: 0,
        assetClass: 'security',
        issuer: at('issuer'),
        identifiers: ['ISIN:XS0000000001'],
        rules: { kycRequired: true, accreditationRequired: true, denyJurisdictions: ['KP', 'IR'] },
        balances: holders.map((name) => ({ holder: at(name), amount: '1000000000' })),
      },
      {
        symbol: 'EURD',
        name: 'Demo Euro Deposit Token',
        decimals: 2,
        assetClass: 'cash',
        issuer: at('issuer'),
        rules: { kycRequired: true },
        balances: holders.map((name) => ({ holder: at(name), amount: '100000000000' })),
      },
    ],
  }
}
