/**
 * The light client, after the CometBFT light client and Helios: it starts from a trusted root
 * (the genesis document, a block hash the user trusts, or a block it verified before), follows
 * the chain through a primary node by verifying commits — skipping ahead when more than 1/3 of
 * the trusted set signed, bisecting when the set changed too much — follows validator-set
 * changes, compares each new header with witness nodes and reports conflicting headers as
 * evidence, and answers state queries only with values proven against a verified state root.
 * Nothing a node says is taken as fact: every failure is a `LightClientError` that says what
 * happened and what to do.
 *
 * @example
 * const client = await LightClient.create({
 *   root: { kind: 'genesis', genesis },
 *   primary: new RpcProvider({ url: 'http://127.0.0.1:8645/' }),
 *   witnesses: [new RpcProvider({ url: 'http://127.0.0.1:8646/' })],
 *   onProgress: ({ height, target }) => console.log(`${height}/${target}`),
 * })
 * await client.sync() // to the primary's head
 * const { value } = await client.provenState('token/ACME')
 */
import { nativeRecoverAddress } from '../chain/nativeRecover'
import { headerHash } from '../protocol/block'
import { custosDomain, type CustosDomain } from '../protocol/eip712'
import type { RecoverAddress } from '../protocol/signature'
import { bisect } from './bisection'
import { crossCheck } from './crossCheck'
import { lightErrors, LightClientError } from './errors'
import { asLightError, fetchBlockAt, fetchHead, type FetchPolicy } from './fetchBlock'
import { reportFork } from './reportFork'
import { verifyBackwards } from './verifyBackwards'
import { verifyStateAnswer, requireProof } from './provenState'
import { establishRoot } from './root'
import type { LightClientOptions } from './lightClientOptions'
import type { LightBlock, LightProvider, ProvenState, StateAnswer } from './types'
import { VerifiedHeaders } from './verifiedHeaders'
import {
  checkTrusted,
  defaultMaxClockDriftMs,
  defaultTrustingPeriodMs,
  verifyLightBlock,
  type VerifyOptions,
} from './verify'

export class LightClient {
  readonly domain: CustosDomain
  readonly primary: LightProvider
  private witnessList: LightProvider[]
  private readonly headers: VerifiedHeaders
  private readonly options: LightClientOptions
  private readonly policy: FetchPolicy
  private readonly recover: RecoverAddress
  private queue: Promise<unknown> = Promise.resolve()
  private halted: LightClientError | undefined

  private constructor(options: LightClientOptions, domain: CustosDomain, root: LightBlock) {
    this.options = options
    this.domain = domain
    this.primary = options.primary
    this.witnessList = [...(options.witnesses ?? [])]
    this.headers = new VerifiedHeaders(root, options.maxKeptHeaders ?? 10_000)
    this.policy = { retries: options.retries ?? 2, retryDelayMs: options.retryDelayMs ?? 250 }
    this.recover = options.recover ?? nativeRecoverAddress
  }

  /** Establishes the trusted root (fetching and checking it for a `hash` root). */
  static async create(options: LightClientOptions): Promise<LightClient> {
    const policy = { retries: options.retries ?? 2, retryDelayMs: options.retryDelayMs ?? 250 }
    const { chain, block } = await establishRoot({
      root: options.root,
      chain: options.chain,
      primary: options.primary,
      policy,
      verifyOptions: (domain) => ({
        ...LightClient.timing(options),
        domain,
        recover: options.recover ?? nativeRecoverAddress,
        source: options.primary.name,
      }),
    })
    return new LightClient(options, custosDomain(chain.chainId, chain.verifyingContract), block)
  }

  private static timing(options: LightClientOptions) {
    return {
      trustingPeriodMs: BigInt(options.trustingPeriodMs ?? defaultTrustingPeriodMs),
      maxClockDriftMs: BigInt(options.maxClockDriftMs ?? defaultMaxClockDriftMs),
      now: BigInt(Math.floor((options.now ?? Date.now)())),
    }
  }

  private verifyOptions(source: string): VerifyOptions {
    return {
      ...LightClient.timing(this.options),
      domain: this.domain,
      recover: this.recover,
      source,
    }
  }

  /** The newest verified block. */
  latest(): LightBlock {
    return this.headers.latest()
  }

  /** A verified block kept in memory. */
  verifiedAt(height: bigint): LightBlock | undefined {
    return this.headers.get(height)
  }

  /** Heights of the verified blocks kept in memory, ascending. */
  verifiedHeights(): readonly bigint[] {
    return this.headers.heights()
  }

  /** Witnesses still asked (faulty ones are dropped). */
  witnesses(): readonly LightProvider[] {
    return this.witnessList
  }

  /** Runs one sync-like task at a time, so verified state moves in order. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }

  private assertRunning(): void {
    if (this.halted) throw this.halted
  }

  /**
   * Verifies the chain up to `target` (default: the primary's head) and returns the verified
   * block there. Heights below the newest verified one are verified from the closest block
   * below them, or backwards by hash links when below every kept block.
   */
  sync(target?: bigint): Promise<LightBlock> {
    return this.exclusive(async () => {
      this.assertRunning()
      const kept = target === undefined ? undefined : this.headers.get(target)
      if (kept) return kept
      const latest = this.headers.latest()
      if (target !== undefined && target < latest.header.height) return this.verifyPast(target)
      const started = Date.now()
      const progress = { fetched: 1, verified: 0 }
      const block =
        target === undefined
          ? await fetchHead(this.primary, this.policy)
          : await fetchBlockAt(this.primary, target, this.policy)
      const height = block.header.height
      if (height <= latest.header.height) return this.alreadyTrusted(block)
      return this.verifyFrom(
        latest,
        block,
        (verifiedHeight) => {
          progress.verified++
          const seconds = Math.max((Date.now() - started) / 1000, 1e-6)
          this.options.onProgress?.({
            height: verifiedHeight,
            target: height,
            headersPerSecond: progress.verified / seconds,
            fetched: progress.fetched,
          })
        },
        () => progress.fetched++,
      )
    })
  }

  /** The primary's head is not above the newest verified block: it must be a kept block. */
  private alreadyTrusted(block: LightBlock): LightBlock {
    const kept = this.headers.get(block.header.height)
    if (!kept) return this.headers.latest()
    if (headerHash(kept.header) !== headerHash(block.header))
      throw lightErrors.forgedHeader(
        this.primary.name,
        block.header.height,
        'it differs from the block already verified at that height',
      )
    return kept
  }

  /**
   * Bisection from `trusted` to `target` over the primary, then the witness check, and only
   * then are the new blocks kept and announced: a fork's blocks never reach the sink.
   */
  private async verifyFrom(
    trusted: LightBlock,
    target: LightBlock,
    onStep: (height: bigint) => void,
    onFetch: () => void,
  ): Promise<LightBlock> {
    const opts = this.verifyOptions(this.primary.name)
    checkTrusted(trusted.header, opts)
    const trace: LightBlock[] = []
    const verified = await bisect({
      trusted,
      target,
      fetch: (h) => {
        onFetch()
        return fetchBlockAt(this.primary, h, this.policy, target.header.height)
      },
      verify: (t, u) => verifyLightBlock(t, u, opts),
      onVerified: (b) => {
        trace.push(b)
        onStep(b.header.height)
      },
    })
    await this.checkWitnesses(trusted, verified)
    for (const block of trace) await this.keep(block)
    return verified
  }

  private async keep(block: LightBlock): Promise<void> {
    this.headers.add(block)
    this.options.onHeader?.(block)
    await this.options.sink?.onVerified(block)
  }

  private async checkWitnesses(trusted: LightBlock, verified: LightBlock): Promise<void> {
    if (this.witnessList.length === 0) return
    const result = await crossCheck({
      verified,
      trusted,
      witnesses: this.witnessList,
      policy: this.policy,
      verify: (t, u, source) => verifyLightBlock(t, u, this.verifyOptions(source)),
    })
    for (const warning of result.warnings) this.options.onWarning?.(warning)
    if (result.faulty.length > 0)
      this.witnessList = this.witnessList.filter((w) => !result.faulty.includes(w))
    if (!result.fork) return
    const { report, error } = await reportFork({
      evidence: result.fork.evidence,
      primary: this.primary,
      witness: result.fork.witness,
      nodes: [...this.witnessList, this.primary],
    })
    this.halted = error
    this.options.onEvidence?.(report)
    throw error
  }

  /** Verifies a height below the newest verified block (see `sync`). */
  private async verifyPast(height: bigint): Promise<LightBlock> {
    const below = this.headers.below(height)
    if (!below) {
      const chain = await verifyBackwards({
        from: this.headers.lowest(),
        to: height,
        provider: this.primary,
        policy: this.policy,
      })
      for (const block of chain) await this.keep(block)
      return chain[chain.length - 1] as LightBlock
    }
    const block = await fetchBlockAt(this.primary, height, this.policy)
    return this.verifyFrom(
      below,
      block,
      () => undefined,
      () => undefined,
    )
  }

  /**
   * The value of a state key, proven: the primary's answer must carry a Merkle proof that holds
   * against the state root of the VERIFIED header at the answer's height (verified first if
   * needed). An unproven or badly proven answer throws (`missing-proof`, `bad-proof`).
   */
  async provenState(key: string): Promise<ProvenState> {
    this.assertRunning()
    let answer: StateAnswer
    try {
      answer = await this.primary.state(key)
    } catch (error) {
      throw asLightError(error, this.primary.name)
    }
    if (answer.key !== key)
      throw lightErrors.badProof(this.primary.name, key, `the answer is for ${answer.key}`)
    requireProof(this.primary.name, answer)
    const block = await this.sync(answer.height)
    return verifyStateAnswer(this.primary.name, answer, block.header)
  }

  /** Stops the client: every later call throws `stopped`. */
  stop(): void {
    this.halted ??= lightErrors.stopped()
  }
}
