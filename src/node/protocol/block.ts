/**
 * Blocks, headers, commits and validator sets, and their canonical encodings.
 *
 * Header = RLP [chainId, height, timeMs, lastBlockHash, lastCommitHash, txRoot, stateRoot,
 *               validatorsHash, nextValidatorsHash, proposer]
 *   block hash = keccak256(RLP(header)).
 *   txRoot     = merkleRoot(tx ids of the block, in order) (merkle.ts).
 *   stateRoot  = root of the state trie after applying this block's transactions.
 *   validatorsHash / nextValidatorsHash = validatorSetHash of the sets that sign this block and
 *   the next one (a change decided at height H is in H+1's nextValidatorsHash, signs H+2).
 * Block  = RLP [header, [tx, …], lastCommit] (tx = canonical envelope bytes, envelope.ts;
 *          lastCommit = the previous block's commit, an empty list at heights 0 and 1).
 * Commit = RLP [height, round, blockHash, [[validator, signature], …]] with signatures sorted by
 *   validator address; commit hash = keccak256(RLP(commit)).
 * ValidatorSet hash = keccak256(RLP [[address, power], …]) sorted by address.
 * Integers are minimal big-endian (codec.ts); every decoder refuses non-canonical bytes.
 */
import {
  asDecodeError,
  decodeRlpCanonical,
  decodeTyped,
  encodeRlp,
  encodeTyped,
  type RlpItem,
} from './codec'
import { typedDataDigest, type CustosDomain } from './eip712'
import { InvalidBlock, MalformedError } from './errors'
import { fromHex, keccak256, toHex } from './hash'
import type { Address, Hex } from './messages'
import { nobleRecoverAddress, parseSignature, signDigest, type RecoverAddress } from './signature'

export interface Validator {
  address: Address
  power: bigint
}

export interface Header {
  chainId: bigint
  height: bigint
  timeMs: bigint
  lastBlockHash: Hex
  lastCommitHash: Hex
  txRoot: Hex
  stateRoot: Hex
  validatorsHash: Hex
  nextValidatorsHash: Hex
  proposer: Address
}

export interface Block {
  header: Header
  txs: Uint8Array[]
  /**
   * The commit of the previous block as the proposer saw it (absent at heights 0 and 1). Every
   * node stores this one as the canonical commit of the previous block: commits collected
   * locally may hold different (equally valid) sets of signatures.
   */
  lastCommit?: Commit
}

export interface CommitSignature {
  validator: Address
  signature: Hex
}

export interface Commit {
  height: bigint
  round: bigint
  blockHash: Hex
  signatures: CommitSignature[]
}

export const ZERO_HASH: Hex = `0x${'00'.repeat(32)}`

const headerFields = [
  ['chainId', 'uint256'],
  ['height', 'uint64'],
  ['timeMs', 'uint64'],
  ['lastBlockHash', 'bytes32'],
  ['lastCommitHash', 'bytes32'],
  ['txRoot', 'bytes32'],
  ['stateRoot', 'bytes32'],
  ['validatorsHash', 'bytes32'],
  ['nextValidatorsHash', 'bytes32'],
  ['proposer', 'address'],
] as const

/** Validators with lowercase addresses, sorted by address (the canonical order). */
function sortValidators(validators: readonly Validator[]): Validator[] {
  return validators
    .map((v) => ({ address: v.address.toLowerCase() as Address, power: v.power }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
}

export function validatorSetHash(validators: readonly Validator[]): Hex {
  const items = sortValidators(validators).map((v) => [
    encodeTyped('address', v.address, 'validator.address'),
    encodeTyped('uint64', v.power, 'validator.power'),
  ])
  return toHex(keccak256(encodeRlp(items)))
}

function headerItems(header: Header) {
  return headerFields.map(([name, type]) => encodeTyped(type, header[name], `header.${name}`))
}

export function encodeHeader(header: Header): Uint8Array {
  return encodeRlp(headerItems(header))
}

function headerFromItem(item: RlpItem): Header {
  if (item instanceof Uint8Array || item.length !== headerFields.length)
    throw new MalformedError(`header must be a list of ${headerFields.length} items`)
  const out: Record<string, unknown> = {}
  headerFields.forEach(([name, type], i) => {
    out[name] = decodeTyped(type, item[i] as RlpItem, `header.${name}`)
  })
  return out as unknown as Header
}

export function decodeHeader(bytes: Uint8Array): Header {
  try {
    return headerFromItem(decodeRlpCanonical(bytes, 'header'))
  } catch (error) {
    throw asDecodeError(error, 'header')
  }
}

export function headerHash(header: Header): Hex {
  return toHex(keccak256(encodeHeader(header)))
}

export function encodeBlock(block: Block): Uint8Array {
  return encodeRlp([
    headerItems(block.header),
    block.txs,
    block.lastCommit ? commitItems(block.lastCommit) : [],
  ])
}

export function decodeBlock(bytes: Uint8Array): Block {
  try {
    const item = decodeRlpCanonical(bytes, 'block')
    if (item instanceof Uint8Array || item.length !== 3)
      throw new MalformedError('block must be [header, txs, lastCommit]')
    const txs = item[1]
    if (!Array.isArray(txs) || txs.some((tx) => !(tx instanceof Uint8Array)))
      throw new MalformedError('block txs must be a list of byte strings')
    const lastCommit = item[2] as RlpItem
    if (lastCommit instanceof Uint8Array)
      throw new MalformedError('block lastCommit must be a list')
    const block: Block = { header: headerFromItem(item[0] as RlpItem), txs: txs as Uint8Array[] }
    if (lastCommit.length > 0) block.lastCommit = commitFromItem(lastCommit)
    return block
  } catch (error) {
    throw asDecodeError(error, 'block')
  }
}

/** EIP-712 type of a consensus vote (signed by validators' consensus keys). */
export const voteTypes = {
  Vote: [
    { name: 'voteType', type: 'uint8' },
    { name: 'height', type: 'uint64' },
    { name: 'round', type: 'uint32' },
    { name: 'blockHash', type: 'bytes32' },
  ],
} as const

export const VoteType = { prevote: 1n, precommit: 2n } as const

export interface Vote {
  voteType: bigint
  height: bigint
  round: bigint
  blockHash: Hex
}

export function voteDigest(domain: CustosDomain, vote: Vote): Hex {
  return typedDataDigest(domain, 'Vote', vote as unknown as Record<string, unknown>, voteTypes)
}

export function signVote(domain: CustosDomain, vote: Vote, privateKey: Uint8Array): Hex {
  return signDigest(fromHex(voteDigest(domain, vote)), privateKey)
}

function commitItems(commit: Commit) {
  return [
    encodeTyped('uint64', commit.height, 'commit.height'),
    encodeTyped('uint32', commit.round, 'commit.round'),
    encodeTyped('bytes32', commit.blockHash, 'commit.blockHash'),
    commit.signatures.map((s, i) => [
      encodeTyped('address', s.validator, `commit.signatures[${i}].validator`),
      parseSignature(s.signature),
    ]),
  ]
}

export function encodeCommit(commit: Commit): Uint8Array {
  return encodeRlp(commitItems(commit))
}

export function commitHash(commit: Commit): Hex {
  return toHex(keccak256(encodeCommit(commit)))
}

export function decodeCommit(bytes: Uint8Array): Commit {
  try {
    return commitFromItem(decodeRlpCanonical(bytes, 'commit'))
  } catch (error) {
    throw asDecodeError(error, 'commit')
  }
}

function commitFromItem(item: RlpItem): Commit {
  {
    if (item instanceof Uint8Array || item.length !== 4)
      throw new MalformedError('commit must have 4 items')
    const sigs = item[3]
    if (!Array.isArray(sigs)) throw new MalformedError('commit signatures must be a list')
    return {
      height: decodeTyped('uint64', item[0] as RlpItem, 'commit.height') as bigint,
      round: decodeTyped('uint32', item[1] as RlpItem, 'commit.round') as bigint,
      blockHash: decodeTyped('bytes32', item[2] as RlpItem, 'commit.blockHash') as Hex,
      signatures: sigs.map((entry, i) => {
        if (entry instanceof Uint8Array || entry.length !== 2 || !(entry[1] instanceof Uint8Array))
          throw new MalformedError(`commit.signatures[${i}] must be [validator, signature]`)
        return {
          validator: decodeTyped(
            'address',
            entry[0] as RlpItem,
            `commit.signatures[${i}]`,
          ) as Address,
          signature: toHex(parseSignature(entry[1])),
        }
      }),
    }
  }
}

export interface VerifyCommitParameters {
  domain: CustosDomain
  commit: Commit
  validators: readonly Validator[]
  blockHash: Hex
  height: bigint
  recover?: RecoverAddress
}

/**
 * Checks that validators holding more than 2/3 of the set's voting power precommitted
 * `blockHash` at `height` (Tendermint: "a block is committed when +2/3 precommits are seen").
 * Returns the signed power; throws `InvalidBlock` with the reason otherwise.
 */
export function verifyCommit(params: VerifyCommitParameters): bigint {
  const { commit, validators, domain } = params
  if (commit.height !== params.height)
    throw new InvalidBlock(`commit is for height ${commit.height}, expected ${params.height}`)
  if (commit.blockHash !== params.blockHash)
    throw new InvalidBlock(`commit is for block ${commit.blockHash}, expected ${params.blockHash}`)
  const powerOf = new Map(validators.map((v) => [v.address.toLowerCase(), v.power]))
  let total = 0n
  for (const v of validators) total += v.power
  const digest = fromHex(
    voteDigest(domain, {
      voteType: VoteType.precommit,
      height: commit.height,
      round: commit.round,
      blockHash: commit.blockHash,
    }),
  )
  const recover = params.recover ?? nobleRecoverAddress
  let signed = 0n
  let previous = ''
  for (const { validator, signature } of commit.signatures) {
    const address = validator.toLowerCase()
    if (address <= previous)
      throw new InvalidBlock('commit signatures must be sorted by validator and unique')
    previous = address
    const power = powerOf.get(address)
    if (power === undefined)
      throw new InvalidBlock(`commit signed by ${validator}, not a validator`)
    const recovered = recover(digest, parseSignature(signature)).toLowerCase()
    if (recovered !== address)
      throw new InvalidBlock(`commit signature of ${validator} recovers ${recovered}`)
    signed += power
  }
  if (signed * 3n <= total * 2n)
    throw new InvalidBlock(`commit has ${signed} of ${total} voting power; more than 2/3 is needed`)
  return signed
}
