/**
 * A synthetic chain for light-client unit tests and the bench: headers linked by hash, each
 * block's commit signed (with libsecp256k1, on first use, then kept) by the validator set the
 * test chooses for its height, served by an in-memory `LightProvider`. No state machine runs:
 * the light client only checks headers, commits and sets.
 */
import secp256k1 from 'secp256k1'
import {
  addressOfPrivateKey,
  concatBytes,
  devPrivateKey,
  fromHex,
  headerHash,
  keccak256,
  toHex,
  utf8,
  validatorSetHash,
  voteDigest,
  VoteType,
  ZERO_HASH,
  type Address,
  type Commit,
  type CustosDomain,
  type Header,
  type Hex,
  type Validator,
} from '../../../src/node/protocol'
import { ProviderError, type LightBlock, type LightProvider } from '../../../src/node/light'

export interface SyntheticValidator {
  key: Uint8Array
  address: Address
  power: bigint
}

export const syntheticDomain: CustosDomain = {
  name: 'Custos',
  version: '1',
  chainId: 9001n,
  verifyingContract: '0x00000000000000000000000000000000000c0575',
}

/** `count` validators of `power` each, from seeds `synthetic-<offset>`… */
export function syntheticValidators(count: number, power = 10n, offset = 0): SyntheticValidator[] {
  return Array.from({ length: count }, (_, i) => {
    const key = devPrivateKey(`synthetic-${offset + i}`)
    return { key, address: addressOfPrivateKey(key), power }
  })
}

function publicSet(set: readonly SyntheticValidator[]): Validator[] {
  return set
    .map((v) => ({ address: v.address, power: v.power }))
    .sort((a, b) => (a.address < b.address ? -1 : 1))
}

export interface SyntheticChainOptions {
  /** Highest height (genesis is 0). */
  length: number
  /** The set that signs each height (default: four validators of power 10 throughout). */
  setAt?: (height: bigint) => readonly SyntheticValidator[]
  /** Who of the set signs the commit of a height (default: all). */
  signersAt?: (height: bigint, set: readonly SyntheticValidator[]) => readonly SyntheticValidator[]
  genesisTimeMs?: bigint
  intervalMs?: bigint
  domain?: CustosDomain
}

export class SyntheticChain {
  readonly domain: CustosDomain
  readonly headers: Header[] = []
  private readonly options: SyntheticChainOptions
  private readonly setAt: (height: bigint) => readonly SyntheticValidator[]
  private readonly commits = new Map<bigint, Commit>()
  private readonly setHashes = new Map<readonly SyntheticValidator[], Hex>()

  constructor(options: SyntheticChainOptions) {
    this.options = options
    this.domain = options.domain ?? syntheticDomain
    const fixed = syntheticValidators(4)
    this.setAt = options.setAt ?? (() => fixed)
    const start = options.genesisTimeMs ?? BigInt(Date.now()) - BigInt(options.length + 1) * 1_000n
    const interval = options.intervalMs ?? 1_000n
    let last: Hex = ZERO_HASH
    for (let h = 0n; h <= BigInt(options.length); h++) {
      const header: Header = {
        chainId: this.domain.chainId,
        height: h,
        timeMs: start + h * interval,
        lastBlockHash: last,
        lastCommitHash: ZERO_HASH,
        txRoot: toHex(keccak256(new Uint8Array())),
        stateRoot: toHex(keccak256(utf8(`state-${h}`))),
        validatorsHash: this.hashOf(this.setAt(h)),
        nextValidatorsHash: this.hashOf(this.setAt(h + 1n)),
        proposer: this.setAt(h)[0]?.address ?? `0x${'00'.repeat(20)}`,
      }
      this.headers.push(header)
      last = headerHash(header)
    }
  }

  private hashOf(set: readonly SyntheticValidator[]): Hex {
    let hash = this.setHashes.get(set)
    if (!hash) {
      hash = validatorSetHash(publicSet(set))
      this.setHashes.set(set, hash)
    }
    return hash
  }

  get head(): bigint {
    return BigInt(this.headers.length - 1)
  }

  header(height: bigint): Header {
    const header = this.headers[Number(height)]
    if (!header) throw new Error(`no synthetic header at ${height}`)
    return header
  }

  /** The commit of `height`, signed on first use with libsecp256k1. */
  commit(height: bigint): Commit {
    const kept = this.commits.get(height)
    if (kept) return kept
    const blockHash = headerHash(this.header(height))
    const set = this.setAt(height)
    const signers = this.options.signersAt?.(height, set) ?? set
    const digest = fromHex(
      voteDigest(this.domain, { voteType: VoteType.precommit, height, round: 0n, blockHash }),
    )
    const signatures = [...signers]
      .sort((a, b) => (a.address < b.address ? -1 : 1))
      .map((v) => {
        const { signature, recid } = secp256k1.ecdsaSign(digest, v.key)
        return {
          validator: v.address,
          signature: toHex(concatBytes(signature, Uint8Array.of(27 + recid))),
        }
      })
    const commit = { height, round: 0n, blockHash, signatures }
    this.commits.set(height, commit)
    return commit
  }

  block(height: bigint): LightBlock {
    if (height === 0n)
      return {
        header: this.header(0n),
        commit: { height: 0n, round: 0n, blockHash: headerHash(this.header(0n)), signatures: [] },
        validators: publicSet(this.setAt(0n)),
      }
    return {
      header: this.header(height),
      commit: this.commit(height),
      validators: publicSet(this.setAt(height)),
    }
  }

  /** The chain a light client follows. */
  get chain() {
    return { chainId: this.domain.chainId, verifyingContract: this.domain.verifyingContract }
  }
}

/** Serves a synthetic chain from memory, counting what it is asked. */
export class MemoryProvider implements LightProvider {
  readonly name: string
  readonly asked: Array<bigint | undefined> = []
  private readonly chain: SyntheticChain

  constructor(chain: SyntheticChain, name = 'memory://primary') {
    this.chain = chain
    this.name = name
  }

  async lightBlock(height?: bigint): Promise<LightBlock> {
    this.asked.push(height)
    const at = height ?? this.chain.head
    if (at > this.chain.head)
      throw new ProviderError(this.name, 'not-found', `no block at height ${at}`)
    return this.chain.block(at)
  }

  async state(): Promise<never> {
    throw new ProviderError(this.name, 'refused', 'a synthetic chain has no state')
  }
}
