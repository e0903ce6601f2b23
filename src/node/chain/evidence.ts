/**
 * Evidence of a fork: two different headers for one height, each with a commit. A light client
 * that sees its primary and a witness disagree reports both (`custos_submitEvidence`); a node
 * accepts the report when each commit carries more than 1/3 of the voting power of the set it
 * knows for that height. Honest validators sign one block per height, so such a pair means
 * validators holding more than 1/3 of the power signed conflicting blocks (CometBFT's
 * "light client attack"); the validators who signed both are named as suspects. Pure: no I/O.
 */
import {
  encodeCommit,
  encodeHeader,
  headerHash,
  type Commit,
  type Header,
  type Validator,
} from '../protocol/block'
import { encodeRlp } from '../protocol/codec'
import type { CustosDomain } from '../protocol/eip712'
import { InvalidBlock } from '../protocol/errors'
import { bigintToBytes, keccak256, toHex } from '../protocol/hash'
import type { Address, Hex } from '../protocol/messages'
import type { RecoverAddress } from '../protocol/signature'
import { exceeds, tallyCommit } from './commitTally'

/** A header and the commit that signs it. */
export interface SignedHeader {
  header: Header
  commit: Commit
}

/** Two conflicting signed headers at `height`, named as the light client saw them. */
export interface ForkEvidence {
  height: bigint
  primary: SignedHeader
  witness: SignedHeader
}

/** What a node answers to accepted evidence. */
export interface EvidenceReceipt {
  /** Identity of the evidence (order of the two headers does not matter). */
  hash: Hex
  height: bigint
  primaryHash: Hex
  witnessHash: Hex
  /** Validators with valid signatures on both commits (the suspects), sorted. */
  signedBoth: Address[]
  /** True when this node had kept the same evidence already. */
  duplicate: boolean
}

/** Evidence that does not show a fork; the message says what is wrong with it. */
export class InvalidEvidence extends InvalidBlock {
  constructor(message: string) {
    super(`evidence refused: ${message}`)
  }
}

export interface VerifyForkEvidenceParameters {
  domain: CustosDomain
  evidence: ForkEvidence
  /** The set the verifying node knows for a height (undefined: not known). */
  validatorSetAt(height: bigint): readonly Validator[] | undefined
  recover: RecoverAddress
}

export interface VerifiedForkEvidence {
  hash: Hex
  /** The evidence as JSON (bigints as decimal strings), as the node keeps it. */
  json: string
  receipt: Omit<EvidenceReceipt, 'duplicate'>
}

/** Checks `evidence` (see the file comment); throws `InvalidEvidence` naming the defect. */
export function verifyForkEvidence(params: VerifyForkEvidenceParameters): VerifiedForkEvidence {
  const { evidence, domain } = params
  const { height } = evidence
  const sides = [
    ['primary', evidence.primary],
    ['witness', evidence.witness],
  ] as const
  for (const [name, side] of sides) {
    if (side.header.height !== height)
      throw new InvalidEvidence(
        `the ${name} header is for height ${side.header.height}, not ${height}`,
      )
    if (side.header.chainId !== domain.chainId)
      throw new InvalidEvidence(
        `the ${name} header is for chain ${side.header.chainId}, not ${domain.chainId}`,
      )
  }
  const primaryHash = headerHash(evidence.primary.header)
  const witnessHash = headerHash(evidence.witness.header)
  if (primaryHash === witnessHash)
    throw new InvalidEvidence('both headers are the same block; there is no conflict')
  const known = params.validatorSetAt(height)
  if (!known || known.length === 0)
    throw new InvalidEvidence(`this node does not know the validator set of height ${height}`)
  const signersOf = (name: string, side: SignedHeader, hash: Hex): Set<Address> => {
    const tally = tallyCommit({
      domain,
      commit: side.commit,
      blockHash: hash,
      height,
      sets: [known],
      strangers: 'skip',
      recover: params.recover,
    })
    if (!tally.ok) throw new InvalidEvidence(`the ${name} commit is invalid: ${tally.message}`)
    const [signed = 0n] = tally.signed
    const [total = 0n] = tally.totals
    if (!exceeds(signed, total, 1n, 3n))
      throw new InvalidEvidence(
        `the ${name} commit carries ${signed} of ${total} voting power of the set this node ` +
          'knows for that height; more than 1/3 is needed to show misbehaviour',
      )
    return new Set(tally.signers)
  }
  const primarySigners = signersOf('primary', evidence.primary, primaryHash)
  const witnessSigners = signersOf('witness', evidence.witness, witnessHash)
  const signedBoth = [...primarySigners].filter((a) => witnessSigners.has(a)).sort()
  const hash = evidenceHash(evidence)
  return {
    hash,
    json: evidenceJson(evidence),
    receipt: { hash, height, primaryHash, witnessHash, signedBoth },
  }
}

/**
 * keccak256(RLP [height, [header, commit], [header, commit]]) with the two signed headers in
 * the order of their hashes, so both orders give one identity.
 */
export function evidenceHash(evidence: ForkEvidence): Hex {
  const pair = [evidence.primary, evidence.witness]
    .map((side) => ({ side, hash: headerHash(side.header) }))
    .sort((a, b) => (a.hash < b.hash ? -1 : 1))
    .map(({ side }) => [encodeHeader(side.header), encodeCommit(side.commit)])
  return toHex(keccak256(encodeRlp([bigintToBytes(evidence.height), ...pair])))
}

/** JSON of evidence with bigints as decimal strings (the RPC's encoding). */
export function evidenceJson(evidence: ForkEvidence): string {
  return JSON.stringify(evidence, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}
