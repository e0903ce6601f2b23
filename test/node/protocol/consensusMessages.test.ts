import { describe, expect, it } from 'vitest'
import { RLP, type Input } from '@ethereumjs/rlp'
import { hashTypedData } from 'viem'
import { nativeRecoverAddress } from '../../../src/node/chain/nativeRecover'
import { signVote, VoteType, ZERO_HASH, type Vote } from '../../../src/node/protocol/block'
import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  isNilVote,
  proposalDigest,
  proposalTypes,
  signProposal,
  verifySignedProposal,
  verifySignedVote,
  type ConsensusMessage,
  type Proposal,
  type SignedProposal,
  type SignedVote,
} from '../../../src/node/protocol/consensusMessages'
import { custosDomain } from '../../../src/node/protocol/eip712'
import {
  BadSignature,
  InvalidValue,
  MalformedError,
  NonCanonicalEncoding,
  WrongSigner,
} from '../../../src/node/protocol/errors'
import { fromHex, toHex } from '../../../src/node/protocol/hash'
import type { Address, Hex } from '../../../src/node/protocol/messages'
import { addressOfPrivateKey, devPrivateKey } from '../../../src/node/protocol/signature'
import { expectError } from '../../fixtures/expectError'

const CONTRACT: Address = '0x00000000000000000000000000000000c0570d05'
const domain = custosDomain(7001n, CONTRACT)
const key = devPrivateKey('consensus-messages-1')
const address = addressOfPrivateKey(key)
const otherKey = devPrivateKey('consensus-messages-2')
const BLOCK_HASH: Hex = toHex(new Uint8Array(32).fill(0xb1))
const block = Uint8Array.of(0xc3, 1, 2, 3)

const proposal: Proposal = { height: 12n, round: 3n, validRound: 1n, blockHash: BLOCK_HASH }
const signedProposal: SignedProposal = {
  proposal,
  proposer: address,
  signature: signProposal(domain, proposal, key),
  block,
}
const vote: Vote = { voteType: VoteType.prevote, height: 12n, round: 3n, blockHash: BLOCK_HASH }
const signedVote: SignedVote = { vote, validator: address, signature: signVote(domain, vote, key) }

/** Re-encodes `message` with its items changed by `edit` (to build bad encodings by hand). */
function tampered(message: ConsensusMessage, edit: (items: Input[]) => void): Uint8Array {
  const items = RLP.decode(encodeConsensusMessage(message)) as Input[]
  edit(items)
  return RLP.encode(items)
}

describe('proposal typed data', () => {
  it('equals viem hashTypedData, with and without a valid round', () => {
    for (const p of [proposal, { ...proposal, validRound: -1n }]) {
      const viem = hashTypedData({
        domain: { ...domain },
        types: proposalTypes,
        primaryType: 'Proposal',
        message: {
          height: p.height,
          round: Number(p.round),
          hasValidRound: p.validRound >= 0n,
          validRound: p.validRound >= 0n ? Number(p.validRound) : 0,
          blockHash: p.blockHash,
        },
      })
      expect(proposalDigest(domain, p)).toBe(viem)
    }
  })

  it('verifies the proposer, and names the wrong signer', () => {
    verifySignedProposal(domain, signedProposal)
    verifySignedProposal(domain, signedProposal, nativeRecoverAddress)
    const forged = { ...signedProposal, signature: signProposal(domain, proposal, otherKey) }
    expectError(() => verifySignedProposal(domain, forged), WrongSigner, 'WRONG_SIGNER')
    const moved = { ...signedProposal, proposal: { ...proposal, validRound: -1n } }
    expectError(() => verifySignedProposal(domain, moved), WrongSigner, 'WRONG_SIGNER')
  })
})

describe('signed votes', () => {
  it('verify against the validator, and refuse another chain', () => {
    verifySignedVote(domain, signedVote, nativeRecoverAddress)
    const otherChain = custosDomain(7002n, CONTRACT)
    expectError(() => verifySignedVote(otherChain, signedVote), WrongSigner, 'WRONG_SIGNER')
  })

  it('a nil vote carries the zero hash', () => {
    expect(isNilVote({ ...vote, blockHash: ZERO_HASH })).toBe(true)
    expect(isNilVote(vote)).toBe(false)
  })
})

describe('wire encoding', () => {
  it('round-trips proposals (validRound −1 included) and votes', () => {
    const none: SignedProposal = {
      ...signedProposal,
      proposal: { ...proposal, validRound: -1n },
      signature: signProposal(domain, { ...proposal, validRound: -1n }, key),
    }
    const messages: ConsensusMessage[] = [
      { kind: 'proposal', proposal: signedProposal },
      { kind: 'proposal', proposal: none },
      { kind: 'vote', vote: signedVote },
      { kind: 'vote', vote: { ...signedVote, vote: { ...vote, voteType: VoteType.precommit } } },
    ]
    for (const message of messages) {
      const bytes = encodeConsensusMessage(message)
      expect(decodeConsensusMessage(bytes)).toEqual(message)
      expect(encodeConsensusMessage(decodeConsensusMessage(bytes))).toEqual(bytes)
    }
  })

  it('refuses a validRound when hasValidRound is false (two encodings of one proposal)', () => {
    const message: ConsensusMessage = {
      kind: 'proposal',
      proposal: { ...signedProposal, proposal: { ...proposal, validRound: -1n } },
    }
    const bytes = tampered(message, (items) => {
      const fields = (items[1] as Input[])[0] as Input[]
      fields[3] = Uint8Array.of(5)
    })
    expectError(() => decodeConsensusMessage(bytes), NonCanonicalEncoding, 'NON_CANONICAL')
  })

  it('refuses unknown tags, vote types, wrong shapes and trailing bytes', () => {
    const voteMessage: ConsensusMessage = { kind: 'vote', vote: signedVote }
    const unknownTag = tampered(voteMessage, (items) => (items[0] = Uint8Array.of(9)))
    expectError(() => decodeConsensusMessage(unknownTag), MalformedError, 'MALFORMED')
    const badType = tampered(voteMessage, (items) => {
      ;((items[1] as Input[])[0] as Input[])[0] = Uint8Array.of(3)
    })
    expectError(() => decodeConsensusMessage(badType), InvalidValue, 'INVALID_VALUE')
    const short = tampered(voteMessage, (items) => (items[1] as Input[]).pop())
    expectError(() => decodeConsensusMessage(short), MalformedError, 'MALFORMED')
    const bytes = encodeConsensusMessage(voteMessage)
    const trailing = Uint8Array.of(...bytes, 0)
    expect(() => decodeConsensusMessage(trailing)).toThrow()
    expectError(() => decodeConsensusMessage(new Uint8Array()), MalformedError, 'MALFORMED')
  })

  it('refuses a malleable (high-s) signature', () => {
    const sig = fromHex(signedVote.signature)
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const s = BigInt(toHex(sig.subarray(32, 64)))
    const highS = fromHex(`0x${(n - s).toString(16).padStart(64, '0')}`)
    const flipped = Uint8Array.of(...sig.subarray(0, 32), ...highS, sig[64] === 27 ? 28 : 27)
    const bytes = tampered({ kind: 'vote', vote: signedVote }, (items) => {
      ;(items[1] as Input[])[2] = flipped
    })
    expectError(() => decodeConsensusMessage(bytes), BadSignature, 'BAD_SIGNATURE')
    expectError(
      () =>
        encodeConsensusMessage({
          kind: 'vote',
          vote: { ...signedVote, signature: toHex(flipped) },
        }),
      BadSignature,
      'BAD_SIGNATURE',
    )
  })

  it('refuses out-of-range fields when encoding', () => {
    const tooLate = { ...signedVote, vote: { ...vote, round: 1n << 32n } }
    expectError(
      () => encodeConsensusMessage({ kind: 'vote', vote: tooLate }),
      InvalidValue,
      'INVALID_VALUE',
    )
    const badType = { ...signedVote, vote: { ...vote, voteType: 7n } }
    expectError(
      () => encodeConsensusMessage({ kind: 'vote', vote: badType }),
      InvalidValue,
      'INVALID_VALUE',
    )
  })
})
