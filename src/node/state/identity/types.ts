import type { Address } from '../../protocol/messages'

export const roles = ['issuer', 'claim-issuer', 'auditor', 'regulator'] as const
export type Role = (typeof roles)[number]

export const claimTopics = ['kyc', 'accredited', 'jurisdiction'] as const
export type ClaimTopic = (typeof claimTopics)[number]

export interface Claim {
  topic: ClaimTopic
  /** 'true' for kyc and accredited; an ISO-3166 alpha-2 code for jurisdiction. */
  value: string
  issuer: Address
  /** Unix seconds after which the claim no longer counts; 0 = does not expire. */
  expiresAt: bigint
}

export interface Participant {
  address: Address
  name: string
  roles: Role[]
  claims: { kyc?: Claim; accredited?: Claim; jurisdiction?: Claim }
}
