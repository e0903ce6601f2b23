/**
 * Runs the pure Tendermint core (core/) for a node: feeds it the consensus messages peers send
 * (after checking their signatures), carries out what it asks — build or validate a block
 * through the Chain, sign through the SafeSigner (which persists before signing), broadcast,
 * set timers, store decided blocks with their commits — and records every message in the
 * write-ahead log so a restarted node resumes the height it was in. A node that falls behind
 * fetches blocks with commits from peers and imports them (each commit verified).
 */
import { decodeBlock, encodeBlock, encodeCommit, decodeCommit, headerHash } from '../protocol/block'
import type { Block } from '../protocol/block'
import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  proposalDigest,
  verifySignedProposal,
  verifySignedVote,
  type ConsensusMessage,
} from '../protocol/consensusMessages'
import { decodeRlpCanonical, encodeRlp } from '../protocol/codec'
import { CustosError, InvalidBlock, type NetworkHalted } from '../protocol/errors'
import { fromHex } from '../protocol/hash'
import type { Address } from '../protocol/messages'
import type { Chain } from '../chain/Chain'
import { nativeRecoverAddress } from '../chain/nativeRecover'
import {
  TendermintCore,
  type ConsensusInput,
  type ConsensusOutput,
  type TimeoutConfig,
} from './core'
import type { ConsensusWal } from './safety/ConsensusWal'
import type { SafeSigner } from './safety/SafeSigner'

/** How consensus messages and blocks travel between validators (the p2p layer). */
export interface ConsensusTransport {
  broadcast(data: Uint8Array): void
  onMessage(handler: (data: Uint8Array, from: string) => void): () => void
  peers(): string[]
  requestBlocks(peer: string, fromHeight: bigint, toHeight: bigint): Promise<Uint8Array[]>
}

export interface DriverLogger {
  error(obj: object, msg: string): void
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  debug(obj: object, msg: string): void
}

export interface ConsensusDriverOptions {
  chain: Chain
  transport: ConsensusTransport
  /** The validator's signer, or null for a node that follows without voting. */
  signer: SafeSigner | null
  wal: ConsensusWal
  log: DriverLogger
  timeouts?: Partial<TimeoutConfig>
  /** Target time between blocks (Tendermint's timeout_commit); default 1000 ms. */
  blockIntervalMs?: number
  /** With no decision for this long, ask peers for blocks (default 4 s). */
  stallMs?: number
  now?: () => number
}

/** A block and its commit as block sync carries them: RLP [block, commit]. */
export function encodeSyncItem(block: Block, commit: Uint8Array): Uint8Array {
  return encodeRlp([encodeBlock(block), commit])
}

export class ConsensusDriver {
  private readonly options: ConsensusDriverOptions
  private readonly core: TendermintCore
  private readonly address: Address | null
  private readonly queue: ConsensusInput[] = []
  private draining = false
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private stallTimer: ReturnType<typeof setInterval> | undefined
  private unsubscribe: (() => void) | undefined
  private height = 0n
  private heightStartedAt = 0
  private lastProgressAt = 0
  private syncing = false
  private stopped = true
  private replaying = false
  /** A request to build a block that arrived while replaying the WAL (answered after it). */
  private deferredRequest: ConsensusOutput | undefined
  /** This node's own messages at the current height, re-sent when the height stalls. */
  private ownMessages: Uint8Array[] = []
  /** Addresses of the validators of the current height (messages from others are dropped). */
  private voters = new Set<Address>()

  constructor(options: ConsensusDriverOptions) {
    this.options = options
    this.address = options.signer ? options.signer.address : null
    this.core = new TendermintCore({
      address: this.address,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    })
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now()
  }

  /** Set when the chain reached the halt height of a software upgrade; consensus has stopped. */
  halted: NetworkHalted | undefined

  /** True while the node is fetching blocks it missed. */
  get isSyncing(): boolean {
    return this.syncing
  }

  get currentHeight(): bigint {
    return this.height
  }

  start(): void {
    this.stopped = false
    this.unsubscribe = this.options.transport.onMessage((data, from) => this.receive(data, from))
    this.startHeight(true)
    this.stallTimer = setInterval(() => {
      if (this.now() - this.lastProgressAt <= (this.options.stallMs ?? 4000)) return
      // peers may have missed our messages (they were down, or a link dropped): send them again
      for (const data of this.ownMessages) this.options.transport.broadcast(data)
      void this.catchUp()
    }, 1000)
  }

  stop(): void {
    this.stopped = true
    this.unsubscribe?.()
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    if (this.stallTimer) clearInterval(this.stallTimer)
  }

  /** Starts the height after the chain's head; after a restart, replays what the WAL holds for it. */
  private startHeight(replayWal = false): void {
    const head = this.options.chain.head()
    this.height = head.height + 1n
    this.heightStartedAt = this.now()
    this.lastProgressAt = this.heightStartedAt
    this.options.chain.discardStaged()
    this.ownMessages = []
    const halt = this.options.chain.haltAt(this.height)
    if (halt) {
      // governance decided a software upgrade: this software stops here, the node keeps serving
      this.options.log.error(
        { height: this.height.toString(), upgrade: halt.upgrade },
        halt.message,
      )
      this.stop()
      this.halted = halt
      return
    }
    // after a restart, nothing is built or signed until the log has restored what we signed
    this.replaying = replayWal
    const validators = this.options.chain.validators()
    this.voters = new Set(validators.map((v) => v.address))
    this.feed({ type: 'start', height: this.height, validators })
    if (!replayWal) return
    const replay = this.options.wal
      .records()
      .filter((r) => r.type === 'message' && r.height === this.height)
    if (replay.length > 0)
      this.options.log.info(
        { height: this.height.toString(), messages: replay.length },
        'replaying the consensus log',
      )
    for (const record of replay) if (record.type === 'message') this.accept(record.payload, 'wal')
    this.replaying = false
    const deferred = this.deferredRequest
    this.deferredRequest = undefined
    if (deferred) this.carryOut(deferred)
  }

  private receive(data: Uint8Array, from: string): void {
    if (this.stopped) return
    this.accept(data, from)
  }

  /** Decodes, authenticates, logs and feeds one consensus message. */
  private accept(data: Uint8Array, from: string): void {
    let message: ConsensusMessage
    try {
      message = decodeConsensusMessage(data)
    } catch (error) {
      this.options.log.debug(
        { from, error: describe(error) },
        'dropped a malformed consensus message',
      )
      return
    }
    const height =
      message.kind === 'proposal' ? message.proposal.proposal.height : message.vote.vote.height
    if (height > this.height + 1n) {
      void this.catchUp()
      return
    }
    if (height < this.height) return
    const author = message.kind === 'proposal' ? message.proposal.proposer : message.vote.validator
    if (!this.voters.has(author.toLowerCase() as Address)) return
    try {
      const domain = this.options.chain.domain
      if (message.kind === 'proposal')
        verifySignedProposal(domain, message.proposal, nativeRecoverAddress)
      else verifySignedVote(domain, message.vote, nativeRecoverAddress)
    } catch (error) {
      this.options.log.warn(
        { from, error: describe(error) },
        'dropped a consensus message with a bad signature',
      )
      return
    }
    if (!this.replaying && from !== 'self')
      this.options.wal.append({ kind: message.kind, height, payload: data })
    if (message.kind === 'proposal') this.feed({ type: 'proposal', proposal: message.proposal })
    else this.feed({ type: 'vote', vote: message.vote })
  }

  private feed(input: ConsensusInput): void {
    this.queue.push(input)
    if (this.draining) return
    this.draining = true
    try {
      while (this.queue.length > 0) {
        const next = this.queue.shift() as ConsensusInput
        for (const output of this.core.handle(next)) this.carryOut(output)
      }
    } finally {
      this.draining = false
    }
  }

  private send(message: ConsensusMessage, height: bigint): void {
    const data = encodeConsensusMessage(message)
    if (!this.replaying) this.options.wal.append({ kind: message.kind, height, payload: data })
    this.ownMessages.push(data)
    this.options.transport.broadcast(data)
  }

  private carryOut(output: ConsensusOutput): void {
    const { chain, signer, log } = this.options
    switch (output.type) {
      case 'requestValue': {
        if (this.replaying) {
          this.deferredRequest = output
          return
        }
        const proposed = chain.proposeBlock(BigInt(this.now()), this.address ?? undefined)
        this.feed({
          type: 'proposalValue',
          height: output.height,
          round: output.round,
          blockHash: proposed.hash,
          block: encodeBlock(proposed.block),
        })
        return
      }
      case 'validateProposal': {
        let valid = false
        try {
          const block = decodeBlock(output.proposal.block)
          if (headerHash(block.header) !== output.proposal.proposal.blockHash)
            throw new InvalidBlock('the proposed block does not hash to the signed blockHash')
          chain.validateBlock(block)
          valid = true
        } catch (error) {
          log.warn(
            { height: output.proposal.proposal.height.toString(), error: describe(error) },
            'refused a proposed block',
          )
        }
        this.feed({ type: 'proposal', proposal: output.proposal, valid })
        return
      }
      case 'proposal': {
        if (!signer) return
        const digest = fromHex(proposalDigest(chain.domain, output.proposal))
        let signature
        try {
          signature = signer.signProposal(chain.domain, output.proposal, digest)
        } catch (error) {
          log.warn(
            { height: output.proposal.height.toString(), error: describe(error) },
            'the signer refused a proposal',
          )
          return
        }
        const signed = {
          proposal: output.proposal,
          proposer: signer.address,
          signature,
          block: output.block,
        }
        this.send({ kind: 'proposal', proposal: signed }, output.proposal.height)
        this.feed({ type: 'proposal', proposal: signed, valid: true })
        return
      }
      case 'vote': {
        if (!signer) return
        let signature
        try {
          signature = signer.signVote(chain.domain, output.vote)
        } catch (error) {
          log.warn(
            { height: output.vote.height.toString(), error: describe(error) },
            'the signer refused a vote',
          )
          return
        }
        const signed = { vote: output.vote, validator: signer.address, signature }
        this.send({ kind: 'vote', vote: signed }, output.vote.height)
        this.feed({ type: 'vote', vote: signed })
        return
      }
      case 'scheduleTimeout': {
        const timer = setTimeout(() => {
          this.timers.delete(timer)
          if (!this.stopped)
            this.feed({
              type: 'timeout',
              height: output.height,
              round: output.round,
              step: output.step,
            })
        }, output.ms)
        this.timers.add(timer)
        return
      }
      case 'decide': {
        const block = decodeBlock(output.block)
        let head
        try {
          head = chain.commitBlock(block, output.commit)
        } catch (error) {
          log.warn(
            { height: output.height.toString(), error: describe(error) },
            'could not store a decided block',
          )
          void this.catchUp()
          return
        }
        this.options.wal.endHeight(output.height)
        log.info(
          {
            height: head.height.toString(),
            round: output.round.toString(),
            txs: block.txs.length,
            hash: head.hash,
          },
          'committed block',
        )
        for (const timer of this.timers) clearTimeout(timer)
        this.timers.clear()
        const wait = Math.max(
          0,
          (this.options.blockIntervalMs ?? 1000) - (this.now() - this.heightStartedAt),
        )
        const timer = setTimeout(() => {
          this.timers.delete(timer)
          if (!this.stopped && !this.syncing && !this.runningNextHeight()) this.startHeight()
        }, wait)
        this.timers.add(timer)
        return
      }
      case 'evidence':
        log.warn(
          {
            validator: output.first.validator,
            height: output.first.vote.height.toString(),
            round: output.first.vote.round.toString(),
          },
          'a validator signed two different votes (equivocation)',
        )
        return
    }
  }

  /** Fetches and imports blocks the network has committed beyond our head. */
  async catchUp(): Promise<void> {
    if (this.syncing || this.stopped) return
    const peers = this.options.transport.peers()
    if (peers.length === 0) return
    this.syncing = true
    let imported = 0
    try {
      for (const peer of shuffle(peers)) {
        for (;;) {
          const from = this.options.chain.head().height + 1n
          let items: Uint8Array[]
          try {
            items = await this.options.transport.requestBlocks(peer, from, from + 99n)
          } catch (error) {
            this.options.log.debug({ peer, error: describe(error) }, 'block request failed')
            break
          }
          if (items.length === 0 || this.stopped) break
          for (const item of items) {
            const [blockBytes, commitBytes] = decodeRlpCanonical(item, 'sync item') as Uint8Array[]
            const block = decodeBlock(blockBytes as Uint8Array)
            // consensus may have committed it meanwhile
            if (block.header.height <= this.options.chain.head().height) continue
            this.options.chain.importBlock(block, decodeCommit(commitBytes as Uint8Array))
            imported++
          }
        }
        if (imported > 0) break
      }
    } catch (error) {
      this.options.log.warn({ error: describe(error) }, 'catching up failed')
    } finally {
      this.syncing = false
      this.lastProgressAt = this.now()
    }
    if (this.stopped) return
    if (imported > 0)
      this.options.log.info(
        { imported, head: this.options.chain.head().height.toString() },
        'caught up',
      )
    // a height decided while syncing did not start the next one: start it now
    if (imported > 0 || !this.runningNextHeight()) {
      for (const timer of this.timers) clearTimeout(timer)
      this.timers.clear()
      this.startHeight()
    }
  }

  /** True when consensus runs the height after the chain's head. */
  private runningNextHeight(): boolean {
    return this.height === this.options.chain.head().height + 1n
  }
}

/** Serves block sync requests from the store: RLP [block, commit] per height. */
export function blockSyncHandler(chain: Chain): (from: bigint, to: bigint) => Uint8Array[] {
  return (from, to) => {
    const items: Uint8Array[] = []
    const last = chain.head().height
    for (let h = from < 1n ? 1n : from; h <= to && h <= last; h++) {
      const block = chain.store.block(h)
      const commit = chain.store.commit(h)
      if (!block || !commit) break
      items.push(encodeSyncItem(block, encodeCommit(commit)))
    }
    return items
  }
}

function describe(error: unknown): string {
  if (error instanceof CustosError) return `${error.code}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}
