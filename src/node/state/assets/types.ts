import type { Address, ComplianceRules, Hex } from '../../protocol/messages'

export const assetClasses = ['security', 'cash'] as const
export type AssetClass = (typeof assetClasses)[number]

export interface Token {
  symbol: string
  name: string
  decimals: bigint
  assetClass: AssetClass
  documentsHash: Hex
  identifiers: string[]
  issuer: Address
  rules: ComplianceRules
  paused: boolean
  totalSupply: bigint
  /** Addresses with a positive balance. */
  holderCount: bigint
}

export interface FreezeState {
  frozen: boolean
  frozenAmount: bigint
}

export interface SentInPeriod {
  period: bigint
  amount: bigint
}

export const noRules: ComplianceRules = {
  kycRequired: false,
  accreditationRequired: false,
  allowJurisdictions: [],
  denyJurisdictions: [],
  maxHolders: 0n,
  maxBalancePerHolder: 0n,
  lockupUntil: 0n,
  maxTransferPerPeriod: 0n,
  transferPeriod: 0n,
}
