import { describe, expect, it } from 'vitest'
import { RLP, type Input } from '@ethereumjs/rlp'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { hashTypedData, type TypedDataDefinition } from 'viem'
import {
  commitHash,
  decodeBlock,
  decodeCommit,
  decodeHeader,
  encodeBlock,
  encodeCommit,
  encodeHeader,
  headerHash,
  signVote,
  validatorSetHash,
  verifyCommit,
  voteDigest,
  voteTypes,
  VoteType,
  ZERO_HASH,
  type Block,
  type Commit,
  type Header,
  type Validator,
} from '../../../src/node/protocol/block'
import { custosDomain } from '../../../src/node/protocol/eip712'
import {
  BadSignature,
  InvalidBlock,
  InvalidValue,
  MalformedError,
  NonCanonicalEncoding,
} from '../../../src/node/protocol/errors'
import { concatBytes, fromHex, toHex } from '../../../src/node/protocol/hash'
import type { Address, Hex } from '../../../src/node/protocol/messages'
import { addressOfPrivateKey, devPrivateKey } from '../../../src/node/protocol/signature'
import { expectError } from '../../fixtures/expectError'

const CONTRACT: Address = '0x00000000000000000000000000000000c0570d05'
const domain = custosDomain(7001n, CONTRACT)

const keys = ['v1', 'v2', 'v3', 'v4'].map(devPrivateKey)
const outsiderKey = devPrivateKey('v5')
const addresses = keys.map(addressOfPrivateKey)
const keyOf = new Map(addresses.map((a, i) => [a, keys[i] as Uint8Array]))
/** Validator addresses in ascending order (the commit order). */
const sorted = [...addresses].sort()

const hash32 = (byte: number): Hex => toHex(new Uint8Array(32).fill(byte))
const BLOCK_HASH = hash32(0xb1)
const HEIGHT = 12n

function validatorSet(powers: readonly bigint[] = [1n, 1n, 1n, 1n]): Validator[] {
  return addresses.map((address, i) => ({ address, power: powers[i] ?? 1n }))
}

interface CommitOptions {
  blockHash?: Hex
  height?: bigint
  round?: bigint
  /** What the signers actually signed, when it differs from the commit. */
  signedBlockHash?: Hex
  voteType?: bigint
  signingDomain?: typeof domain
}

/** A commit with precommits of `signers` (addresses), in the given order. */
function commitOf(signers: readonly Address[], options: CommitOptions = {}): Commit {
  const blockHash = options.blockHash ?? BLOCK_HASH
  const height = options.height ?? HEIGHT
  const round = options.round ?? 0n
  return {
    height,
    round,
    blockHash,
    signatures: signers.map((validator) => ({
      validator,
      signature: signVote(
        options.signingDomain ?? domain,
        {
          voteType: options.voteType ?? VoteType.precommit,
          height,
          round,
          blockHash: options.signedBlockHash ?? blockHash,
        },
        keyOf.get(validator) ?? outsiderKey,
      ),
    })),
  }
}

function verify(commit: Commit, validators: readonly Validator[] = validatorSet()): bigint {
  return verifyCommit({ domain, commit, validators, blockHash: BLOCK_HASH, height: HEIGHT })
}

const header: Header = {
  chainId: 7001n,
  height: HEIGHT,
  timeMs: 1_767_225_600_000n,
  lastBlockHash: hash32(0x01),
  lastCommitHash: hash32(0x02),
  txRoot: hash32(0x03),
  stateRoot: hash32(0x04),
  validatorsHash: hash32(0x05),
  nextValidatorsHash: hash32(0x06),
  proposer: addresses[0] as Address,
}

/** RLP items of `header` as decoded from its encoding (to rebuild variants by hand). */
const headerItems = (): Input[] => RLP.decode(encodeHeader(header)) as Input[]

describe('header', () => {
  it('round-trips, and its hash is keccak256 of the encoding', () => {
    const bytes = encodeHeader(header)
    expect(decodeHeader(bytes)).toEqual(header)
    expect(headerHash(header)).toBe(toHex(keccak_256(bytes)))
    const genesisLike = {
      ...header,
      height: 0n,
      lastBlockHash: ZERO_HASH,
      lastCommitHash: ZERO_HASH,
    }
    expect(decodeHeader(encodeHeader(genesisLike))).toEqual(genesisLike)
  })

  it('every field changes the hash', () => {
    const base = headerHash(header)
    const variants: Header[] = [
      { ...header, chainId: 7002n },
      { ...header, height: HEIGHT + 1n },
      { ...header, timeMs: header.timeMs + 1n },
      { ...header, lastBlockHash: hash32(0x11) },
      { ...header, lastCommitHash: hash32(0x12) },
      { ...header, txRoot: hash32(0x13) },
      { ...header, stateRoot: hash32(0x14) },
      { ...header, validatorsHash: hash32(0x15) },
      { ...header, nextValidatorsHash: hash32(0x16) },
      { ...header, proposer: addresses[1] as Address },
    ]
    const hashes = new Set([base, ...variants.map(headerHash)])
    expect(hashes.size).toBe(variants.length + 1)
  })

  it('refuses wrong arity and a non-list with MalformedError', () => {
    const items = headerItems()
    expectError(() => decodeHeader(RLP.encode(items.slice(0, -1))), MalformedError, 'MALFORMED')
    expectError(
      () => decodeHeader(RLP.encode([...items, new Uint8Array(0)])),
      MalformedError,
      'MALFORMED',
    )
    expectError(() => decodeHeader(RLP.encode(fromHex(hash32(1)))), MalformedError, 'MALFORMED')
  })

  it('refuses non-canonical integers, bad RLP and trailing bytes', () => {
    const items = headerItems()
    items[1] = Uint8Array.of(0x00, 0x0c) // height 12 with a leading zero byte
    expectError(() => decodeHeader(RLP.encode(items)), NonCanonicalEncoding, 'NON_CANONICAL')
    const bytes = encodeHeader(header)
    expectError(
      () => decodeHeader(concatBytes(bytes, Uint8Array.of(0))),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeHeader(bytes.subarray(0, bytes.length - 1)),
      MalformedError,
      'MALFORMED',
    )
  })

  it('refuses a hash of the wrong length and an overflowing height', () => {
    const short = headerItems()
    short[6] = new Uint8Array(31)
    expectError(() => decodeHeader(RLP.encode(short)), InvalidValue, 'INVALID_VALUE')
    const tall = headerItems()
    tall[1] = new Uint8Array(9).fill(1) // 72 bits in a uint64
    expectError(() => decodeHeader(RLP.encode(tall)), InvalidValue, 'INVALID_VALUE')
    expectError(() => encodeHeader({ ...header, height: 1n << 64n }), InvalidValue, 'INVALID_VALUE')
  })
})

describe('block', () => {
  it.each([0, 1, 3])('round-trips with %i txs', (count) => {
    const block: Block = {
      header,
      txs: Array.from({ length: count }, (_, i) => new Uint8Array(i * 40 + 1).fill(i + 7)),
    }
    const decoded = decodeBlock(encodeBlock(block))
    expect(decoded).toEqual(block)
    expect(encodeBlock(decoded)).toEqual(encodeBlock(block))
  })

  it('refuses wrong arity, a tx that is a list, and a bad header', () => {
    const headerList = headerItems()
    const txs = [Uint8Array.of(1, 2, 3)]
    expectError(() => decodeBlock(RLP.encode([headerList])), MalformedError, 'MALFORMED')
    expectError(() => decodeBlock(RLP.encode([headerList, txs])), MalformedError, 'MALFORMED')
    expectError(
      () => decodeBlock(RLP.encode([headerList, txs, [], []])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeBlock(RLP.encode([headerList, txs, Uint8Array.of(1)])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeBlock(RLP.encode([headerList, txs, [Uint8Array.of(1)]])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeBlock(RLP.encode([headerList, [[Uint8Array.of(1)]], []])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeBlock(RLP.encode([headerList, Uint8Array.of(1), []])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeBlock(RLP.encode([headerList.slice(1), txs, []])),
      MalformedError,
      'MALFORMED',
    )
    const bytes = encodeBlock({ header, txs })
    expectError(
      () => decodeBlock(concatBytes(bytes, Uint8Array.of(0x80))),
      MalformedError,
      'MALFORMED',
    )
  })
})

describe('commit encoding', () => {
  it('round-trips, and its hash is keccak256 of the encoding', () => {
    const commit = commitOf(sorted.slice(0, 3), { round: 2n })
    const bytes = encodeCommit(commit)
    expect(decodeCommit(bytes)).toEqual(commit)
    expect(commitHash(commit)).toBe(toHex(keccak_256(bytes)))
    const empty = commitOf([])
    expect(decodeCommit(encodeCommit(empty))).toEqual(empty)
  })

  it('refuses wrong arity of the commit and of a signature entry', () => {
    const items = RLP.decode(encodeCommit(commitOf(sorted.slice(0, 2)))) as Input[]
    expectError(() => decodeCommit(RLP.encode(items.slice(0, 3))), MalformedError, 'MALFORMED')
    expectError(
      () => decodeCommit(RLP.encode([...items, new Uint8Array(0)])),
      MalformedError,
      'MALFORMED',
    )
    const sigs = items[3] as Input[][]
    const first = sigs[0] as Input[]
    expectError(
      () => decodeCommit(RLP.encode([...items.slice(0, 3), [[...first, new Uint8Array(0)]]])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeCommit(RLP.encode([...items.slice(0, 3), [first.slice(0, 1)]])),
      MalformedError,
      'MALFORMED',
    )
    expectError(
      () => decodeCommit(RLP.encode([...items.slice(0, 3), Uint8Array.of(1)])),
      MalformedError,
      'MALFORMED',
    )
  })

  it('refuses a non-canonical round, trailing bytes and a malformed signature', () => {
    const items = RLP.decode(encodeCommit(commitOf(sorted.slice(0, 2)))) as Input[]
    items[1] = Uint8Array.of(0) // round 0 must be the empty string
    expectError(() => decodeCommit(RLP.encode(items)), NonCanonicalEncoding, 'NON_CANONICAL')
    const bytes = encodeCommit(commitOf(sorted.slice(0, 2)))
    expectError(
      () => decodeCommit(concatBytes(bytes, Uint8Array.of(0))),
      MalformedError,
      'MALFORMED',
    )
    const withShortSig = RLP.decode(bytes) as Input[]
    const sigs = withShortSig[3] as Uint8Array[][]
    const entry = sigs[0] as Uint8Array[]
    entry[1] = (entry[1] as Uint8Array).subarray(0, 64)
    expectError(() => decodeCommit(RLP.encode(withShortSig)), BadSignature, 'BAD_SIGNATURE')
  })
})

describe('votes', () => {
  it('voteDigest equals viem hashTypedData of the Vote type', () => {
    const vote = { voteType: VoteType.prevote, height: 1n << 40n, round: 3n, blockHash: BLOCK_HASH }
    expect(voteDigest(domain, vote)).toBe(
      hashTypedData({
        domain,
        types: voteTypes,
        primaryType: 'Vote',
        message: vote,
      } as unknown as TypedDataDefinition),
    )
  })
})

describe('verifyCommit', () => {
  it('3 of 4 equal-power precommits pass and return the signed power', () => {
    expect(verify(commitOf(sorted.slice(0, 3)))).toBe(3n)
    expect(verify(commitOf(sorted.slice(1)))).toBe(3n)
    expect(verify(commitOf(sorted))).toBe(4n)
  })

  it('2 of 4 fail with InvalidBlock naming the power', () => {
    const error = expectError(
      () => verify(commitOf(sorted.slice(0, 2))),
      InvalidBlock,
      'INVALID_BLOCK',
    )
    expect(error.message).toContain('2 of 4')
    expectError(() => verify(commitOf([])), InvalidBlock, 'INVALID_BLOCK')
  })

  it('exactly 2/3 of the power is not enough (more than 2/3 is needed)', () => {
    const three = validatorSet([1n, 1n, 1n, 0n]).slice(0, 3)
    const signers = three.map((v) => v.address).sort()
    const error = expectError(
      () => verify(commitOf(signers.slice(0, 2)), three),
      InvalidBlock,
      'INVALID_BLOCK',
    )
    expect(error.message).toContain('2 of 3')
    expect(verify(commitOf(signers), three)).toBe(3n)
  })

  it('refuses unsorted and duplicate signatures', () => {
    const unsorted = [sorted[1], sorted[0], sorted[2]] as Address[]
    const e1 = expectError(() => verify(commitOf(unsorted)), InvalidBlock, 'INVALID_BLOCK')
    expect(e1.message).toMatch(/sorted/)
    const duplicated = [sorted[0], sorted[1], sorted[1]] as Address[]
    expectError(() => verify(commitOf(duplicated)), InvalidBlock, 'INVALID_BLOCK')
    // a duplicate must not count twice even where it would reach the threshold
    const twice = [sorted[0], sorted[0], sorted[1], sorted[1]] as Address[]
    expectError(() => verify(commitOf(twice)), InvalidBlock, 'INVALID_BLOCK')
  })

  it('refuses a signer that is not a validator', () => {
    const outsider = addressOfPrivateKey(outsiderKey)
    const signers = [...sorted.slice(0, 3), outsider].sort()
    const error = expectError(() => verify(commitOf(signers)), InvalidBlock, 'INVALID_BLOCK')
    expect(error.message).toContain(outsider)
  })

  it('refuses a signature over another block hash, round, height, vote type or chain', () => {
    const cases: CommitOptions[] = [
      { signedBlockHash: hash32(0xb2) },
      { voteType: VoteType.prevote },
      { signingDomain: custosDomain(7002n, CONTRACT) },
    ]
    for (const options of cases) {
      const error = expectError(
        () => verify(commitOf(sorted, options)),
        InvalidBlock,
        'INVALID_BLOCK',
      )
      expect(error.message).toMatch(/recovers/)
    }
    // a signature for round 0 placed in a commit that claims round 1
    const round0 = commitOf(sorted)
    expectError(() => verify({ ...round0, round: 1n }), InvalidBlock, 'INVALID_BLOCK')
  })

  it('refuses a commit for another height or block than expected', () => {
    expectError(
      () => verify(commitOf(sorted, { height: HEIGHT + 1n })),
      InvalidBlock,
      'INVALID_BLOCK',
    )
    expectError(
      () => verify(commitOf(sorted, { blockHash: hash32(0xb3) })),
      InvalidBlock,
      'INVALID_BLOCK',
    )
  })

  it('weighs signatures by power: one validator with more than 2/3 passes alone', () => {
    const weighted = validatorSet([10n, 1n, 1n, 1n])
    const heavy = addresses[0] as Address
    expect(verify(commitOf([heavy]), weighted)).toBe(10n)
    const light = sorted.filter((a) => a !== heavy)
    const error = expectError(
      () => verify(commitOf(light), weighted),
      InvalidBlock,
      'INVALID_BLOCK',
    )
    expect(error.message).toContain('3 of 13')
  })

  it('accepts checksummed addresses in the validator set', () => {
    const upper = validatorSet().map((v) => ({
      ...v,
      address: `0x${v.address.slice(2).toUpperCase()}` as Address,
    }))
    expect(verify(commitOf(sorted.slice(0, 3)), upper)).toBe(3n)
  })
})

describe('validatorSetHash', () => {
  const permutations = <T>(items: readonly T[]): T[][] =>
    items.length <= 1
      ? [items.slice()]
      : items.flatMap((item, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [
            item,
            ...rest,
          ]),
        )

  it('is keccak256 of RLP [[address, power], …] sorted by address', () => {
    const set = validatorSet([5n, 0n, 256n, 1n])
    const expected = RLP.encode(
      [...set]
        .sort((a, b) => (a.address < b.address ? -1 : 1))
        .map((v) => [fromHex(v.address), v.power]),
    )
    expect(validatorSetHash(set)).toBe(toHex(keccak_256(expected)))
  })

  it('does not depend on input order', () => {
    const set = validatorSet([1n, 2n, 3n, 4n])
    const hashes = new Set(permutations(set).map(validatorSetHash))
    expect(hashes.size).toBe(1)
  })

  it('changes with any power and with membership', () => {
    const base = validatorSetHash(validatorSet())
    for (let i = 0; i < 4; i++) {
      const powers = [1n, 1n, 1n, 1n]
      powers[i] = 2n
      expect(validatorSetHash(validatorSet(powers))).not.toBe(base)
    }
    expect(validatorSetHash(validatorSet().slice(1))).not.toBe(base)
  })

  it('does not depend on the letter case of addresses', () => {
    const lower = [
      { address: `0xa${'0'.repeat(38)}1` as Address, power: 1n },
      { address: `0xb${'0'.repeat(38)}2` as Address, power: 2n },
    ]
    const mixed = lower.map((v, i) =>
      i === 1 ? { ...v, address: v.address.toUpperCase().replace('0X', '0x') as Address } : v,
    )
    expect(validatorSetHash(mixed)).toBe(validatorSetHash(lower))
  })
})
