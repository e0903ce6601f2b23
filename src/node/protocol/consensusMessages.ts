/**
 * Consensus messages: signed proposals and votes, and their wire encoding.
 *
 * Proposal = EIP-712 `Proposal(uint64 height,uint32 round,bool hasValidRound,uint32 validRound,
 *            bytes32 blockHash)` in the chain domain, signed by the round's proposer.
 *            In memory `validRound` is the paper's vr: −1 when the proposer has no valid value
 *            (hasValidRound = false, validRound encoded as 0), else the round it was seen valid.
 * Vote     = EIP-712 `Vote(uint8 voteType,uint64 height,uint32 round,bytes32 blockHash)`
 *            (block.ts); a nil vote has blockHash = ZERO_HASH.
 *
 * Wire: a consensus message is RLP [tag, body]:
 *   tag 1 (proposal): body = [[height, round, hasValidRound, validRound, blockHash],
 *                             proposer, signature, block]
 *   tag 2 (vote):     body = [[voteType, height, round, blockHash], validator, signature]
 * with the integer, bool, address and bytes32 encodings of codec.ts and 65-byte low-s
 * signatures (signature.ts). Exactly one encoding is accepted per message (`NON_CANONICAL`
 * otherwise). Decoding checks shape only; signatures are checked by `verifySignedProposal` and
 * `verifySignedVote`.
 */
import type { Input } from '@ethereumjs/rlp'
import { voteDigest, VoteType, ZERO_HASH, type Vote } from './block'
import {
  asDecodeError,
  decodeRlpCanonical,
  decodeTyped,
  encodeRlp,
  encodeTyped,
  type RlpItem,
} from './codec'
import { typedDataDigest, type CustosDomain } from './eip712'
import { InvalidValue, MalformedError, NonCanonicalEncoding, WrongSigner } from './errors'
import { fromHex, toHex } from './hash'
import type { Address, Hex } from './messages'
import { nobleRecoverAddress, parseSignature, signDigest, type RecoverAddress } from './signature'

/** EIP-712 type of a block proposal (signed by the proposer's consensus key). */
export const proposalTypes = {
  Proposal: [
    { name: 'height', type: 'uint64' },
    { name: 'round', type: 'uint32' },
    { name: 'hasValidRound', type: 'bool' },
    { name: 'validRound', type: 'uint32' },
    { name: 'blockHash', type: 'bytes32' },
  ],
} as const

/** ⟨PROPOSAL, h, r, id(v), vr⟩; `validRound` is −1n when the proposer has no valid value. */
export interface Proposal {
  height: bigint
  round: bigint
  validRound: bigint
  blockHash: Hex
}

export interface SignedProposal {
  proposal: Proposal
  proposer: Address
  signature: Hex
  /** The proposed block's encoded bytes; `proposal.blockHash` must be its hash. */
  block: Uint8Array
}

export interface SignedVote {
  vote: Vote
  validator: Address
  signature: Hex
}

export type ConsensusMessage =
  { kind: 'proposal'; proposal: SignedProposal } | { kind: 'vote'; vote: SignedVote }

const TAG = { proposal: 1n, vote: 2n } as const

/** The EIP-712 message of a proposal: vr = −1 becomes hasValidRound = false, validRound = 0. */
function proposalMessage(proposal: Proposal): Record<string, unknown> {
  const hasValidRound = proposal.validRound >= 0n
  return {
    height: proposal.height,
    round: proposal.round,
    hasValidRound,
    validRound: hasValidRound ? proposal.validRound : 0n,
    blockHash: proposal.blockHash,
  }
}

export function proposalDigest(domain: CustosDomain, proposal: Proposal): Hex {
  return typedDataDigest(domain, 'Proposal', proposalMessage(proposal), proposalTypes)
}

export function signProposal(
  domain: CustosDomain,
  proposal: Proposal,
  privateKey: Uint8Array,
): Hex {
  return signDigest(fromHex(proposalDigest(domain, proposal)), privateKey)
}

function checkSigner(
  digest: Hex,
  signature: Hex,
  expected: Address,
  recover: RecoverAddress = nobleRecoverAddress,
): void {
  const recovered = recover(fromHex(digest), parseSignature(signature))
  if (recovered.toLowerCase() !== expected.toLowerCase()) throw new WrongSigner(expected, recovered)
}

/**
 * Checks that `signed.proposer` signed the proposal. Throws `BadSignature` (malformed or
 * malleable signature) or `WrongSigner`. Does not check the block against `blockHash`, nor that
 * the signer is the round's proposer (the consensus core does).
 */
export function verifySignedProposal(
  domain: CustosDomain,
  signed: SignedProposal,
  recover?: RecoverAddress,
): void {
  checkSigner(proposalDigest(domain, signed.proposal), signed.signature, signed.proposer, recover)
}

/** Checks that `signed.validator` signed the vote; throws `BadSignature` or `WrongSigner`. */
export function verifySignedVote(
  domain: CustosDomain,
  signed: SignedVote,
  recover?: RecoverAddress,
): void {
  checkSigner(voteDigest(domain, signed.vote), signed.signature, signed.validator, recover)
}

/** A nil vote (the paper's ⟨…, nil⟩) carries the zero hash. */
export function isNilVote(vote: Vote): boolean {
  return vote.blockHash.toLowerCase() === ZERO_HASH
}

function voteItems(vote: Vote, path: string): Input {
  if (vote.voteType !== VoteType.prevote && vote.voteType !== VoteType.precommit)
    throw new InvalidValue(`${path}.voteType`, `must be 1 (prevote) or 2 (precommit)`)
  return [
    encodeTyped('uint8', vote.voteType, `${path}.voteType`),
    encodeTyped('uint64', vote.height, `${path}.height`),
    encodeTyped('uint32', vote.round, `${path}.round`),
    encodeTyped('bytes32', vote.blockHash, `${path}.blockHash`),
  ]
}

function proposalItems(proposal: Proposal, path: string): Input {
  if (proposal.validRound < -1n)
    throw new InvalidValue(`${path}.validRound`, 'must be −1 (none) or a round')
  const message = proposalMessage(proposal)
  return proposalTypes.Proposal.map((f) =>
    encodeTyped(f.type, message[f.name], `${path}.${f.name}`),
  )
}

/** Canonical wire bytes of a consensus message. Throws `InvalidValue` on out-of-range fields. */
export function encodeConsensusMessage(message: ConsensusMessage): Uint8Array {
  if (message.kind === 'proposal') {
    const { proposal, proposer, signature, block } = message.proposal
    return encodeRlp([
      encodeTyped('uint8', TAG.proposal, 'message.tag'),
      [
        proposalItems(proposal, 'proposal'),
        encodeTyped('address', proposer, 'proposal.proposer'),
        parseSignature(signature),
        block,
      ],
    ])
  }
  const { vote, validator, signature } = message.vote
  return encodeRlp([
    encodeTyped('uint8', TAG.vote, 'message.tag'),
    [
      voteItems(vote, 'vote'),
      encodeTyped('address', validator, 'vote.validator'),
      parseSignature(signature),
    ],
  ])
}

function expectList(item: RlpItem | undefined, length: number, what: string): RlpItem[] {
  if (item === undefined || item instanceof Uint8Array || item.length !== length)
    throw new MalformedError(`${what} must be a list of ${length} items`)
  return item as RlpItem[]
}

function expectBytes(item: RlpItem | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new MalformedError(`${what} must be bytes`)
  return item
}

function decodeProposalFields(item: RlpItem | undefined): Proposal {
  const fields = expectList(item, proposalTypes.Proposal.length, 'proposal')
  const [height, round, hasValidRound, validRound, blockHash] = proposalTypes.Proposal.map((f, i) =>
    decodeTyped(f.type, fields[i] as RlpItem, `proposal.${f.name}`),
  ) as [bigint, bigint, boolean, bigint, Hex]
  if (!hasValidRound && validRound !== 0n)
    throw new NonCanonicalEncoding('proposal.validRound must be 0 when hasValidRound is false')
  return { height, round, validRound: hasValidRound ? validRound : -1n, blockHash }
}

function decodeVoteFields(item: RlpItem | undefined): Vote {
  const fields = expectList(item, 4, 'vote')
  const voteType = decodeTyped('uint8', fields[0] as RlpItem, 'vote.voteType') as bigint
  if (voteType !== VoteType.prevote && voteType !== VoteType.precommit)
    throw new InvalidValue('vote.voteType', `must be 1 (prevote) or 2 (precommit), got ${voteType}`)
  return {
    voteType,
    height: decodeTyped('uint64', fields[1] as RlpItem, 'vote.height') as bigint,
    round: decodeTyped('uint32', fields[2] as RlpItem, 'vote.round') as bigint,
    blockHash: decodeTyped('bytes32', fields[3] as RlpItem, 'vote.blockHash') as Hex,
  }
}

/**
 * Decodes wire bytes of a consensus message. Throws `MalformedError` (shape, unknown tag),
 * `NonCanonicalEncoding`, `InvalidValue` (range) or `BadSignature` (signature shape, high s).
 */
export function decodeConsensusMessage(bytes: Uint8Array): ConsensusMessage {
  try {
    const [tagItem, body] = expectList(
      decodeRlpCanonical(bytes, 'consensus message'),
      2,
      'consensus message',
    )
    const tag = decodeTyped('uint8', tagItem as RlpItem, 'message.tag') as bigint
    if (tag === TAG.proposal) {
      const fields = expectList(body, 4, 'proposal message')
      return {
        kind: 'proposal',
        proposal: {
          proposal: decodeProposalFields(fields[0]),
          proposer: decodeTyped('address', fields[1] as RlpItem, 'proposal.proposer') as Address,
          signature: toHex(parseSignature(expectBytes(fields[2], 'proposal.signature'))),
          block: expectBytes(fields[3], 'proposal.block'),
        },
      }
    }
    if (tag === TAG.vote) {
      const fields = expectList(body, 3, 'vote message')
      return {
        kind: 'vote',
        vote: {
          vote: decodeVoteFields(fields[0]),
          validator: decodeTyped('address', fields[1] as RlpItem, 'vote.validator') as Address,
          signature: toHex(parseSignature(expectBytes(fields[2], 'vote.signature'))),
        },
      }
    }
    throw new MalformedError(`unknown consensus message tag ${tag}`)
  } catch (error) {
    throw asDecodeError(error, 'consensus message')
  }
}
