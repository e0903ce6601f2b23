/**
 * SafeSigner: the validator's consensus key behind a persisted "last sign state", so that the
 * validator never signs two different things at one height/round/step, even across a crash
 * (CometBFT privval `FilePV` and its `LastSignState`).
 */
import { existsSync } from 'node:fs'
import { voteDigest, VoteType, type Vote } from '../../protocol/block'
import type { CustosDomain } from '../../protocol/eip712'
import { AlreadyExists, InvalidValue } from '../../protocol/errors'
import { bytesEqual, fromHex, toHex } from '../../protocol/hash'
import type { Address, Hex } from '../../protocol/messages'
import { addressOfPrivateKey, signDigest, type RecoverAddress } from '../../protocol/signature'
import {
  DoubleSignRefused,
  SignStateMismatch,
  SignStateWriteFailed,
  type DoubleSignReason,
  type SignStep,
} from './errors'
import {
  readSignState,
  STEP_ORDER,
  writeSignState,
  type SignedStep,
  type SignState,
} from './signState'

export interface InitializeSignStateParameters {
  /** Path of the state file to create; it must not exist. */
  statePath: string
  /** Address of the validator's consensus key. */
  validator: Address
  /** Chain the validator signs for (the EIP-712 domain's chainId). */
  chainId: bigint
}

export interface OpenSafeSignerParameters {
  statePath: string
  /** The validator's secp256k1 consensus private key (32 bytes). */
  privateKey: Uint8Array
  /** Recovery used to check the stored signature (default: @noble/curves). */
  recover?: RecoverAddress
}

/** What a signature is for: where it sits in consensus and which block it names. */
export interface SignRequest {
  height: bigint
  round: bigint
  step: SignStep
  /** The block hash signed for (the zero hash for nil). */
  blockHash: Hex
}

/** A proposal to sign: its height, round and block (the step is `propose`). */
export interface ProposalSignRequest {
  height: bigint
  round: bigint
  blockHash: Hex
}

const UINT64_MAX = (1n << 64n) - 1n
const UINT32_MAX = (1n << 32n) - 1n
const HASH = /^0x[0-9a-fA-F]{64}$/

/**
 * Signs consensus messages with the validator's key, refusing anything that could be a double
 * sign, and persisting what it signs BEFORE handing the signature out.
 *
 * Rules (CometBFT privval, `LastSignState.CheckHRS` and `FilePV.signVote`), with steps ordered
 * propose < prevote < precommit within a round:
 * - Height, round and step never regress: a request below the last signed height, or at that
 *   height below its round, or at that height and round before its step, is refused
 *   (`DoubleSignRefused`, reason `height-regression` / `round-regression` / `step-regression`).
 * - At the same height/round/step, the same block hash with the same signed bytes returns the
 *   stored signature without signing again (idempotent: a restarted node re-sends its vote);
 *   another block hash is refused (`conflicting-block`), and so are other signed bytes for the
 *   same block (`conflicting-digest`; CometBFT reuses a signature when only a timestamp differs,
 *   which needs the message type — the caller re-sends the stored message instead).
 * - A new signature is written to the state file first (temp file, fsync, rename, fsync of the
 *   directory) and returned only after that: a crash between the write and the send leaves the
 *   signature on disk, so the restarted node can only re-send it, never contradict it.
 * - The state file pins the validator and the chain; a missing, unreadable or corrupt file
 *   stops `open` (`SignStateCorrupt`), it is never silently reset. A failed write halts the
 *   signer until restart (`SignStateWriteFailed`).
 *
 * One process must own a state file at a time (two signers on one file defeat the check).
 *
 * @example
 * SafeSigner.initialize({ statePath, validator: addressOfPrivateKey(key), chainId: 7001n }) // once
 * const signer = SafeSigner.open({ statePath, privateKey: key })
 * const signature = signer.signVote(domain, { voteType: VoteType.prevote, height: 5n, round: 0n, blockHash })
 * // … only now send the vote
 */
export class SafeSigner {
  readonly statePath: string
  readonly address: Address
  readonly chainId: bigint
  private readonly privateKey: Uint8Array
  private state: SignState
  private halted: SignStateWriteFailed | undefined

  private constructor(statePath: string, privateKey: Uint8Array, state: SignState) {
    this.statePath = statePath
    this.privateKey = privateKey
    this.state = state
    this.address = state.validator
    this.chainId = state.chainId
  }

  /**
   * Creates the state file of a validator that has never signed on this chain (nothing signed
   * yet). Refuses to overwrite an existing file: that would erase what the validator signed.
   */
  static initialize(params: InitializeSignStateParameters): void {
    if (existsSync(params.statePath)) throw new AlreadyExists('Signer state file', params.statePath)
    writeSignState(params.statePath, {
      validator: params.validator.toLowerCase() as Address,
      chainId: params.chainId,
      last: undefined,
    })
  }

  /** Loads the state file and checks it belongs to `privateKey`. */
  static open(params: OpenSafeSignerParameters): SafeSigner {
    const state = readSignState(params.statePath, params.recover)
    const address = addressOfPrivateKey(params.privateKey).toLowerCase()
    if (address !== state.validator)
      throw new SignStateMismatch(
        'WRONG_SIGNER',
        `Signer state file ${params.statePath} belongs to validator ${state.validator}, not to ` +
          `the key of ${address}; use that validator's state file`,
        { path: params.statePath, stateValidator: state.validator, keyValidator: address },
      )
    return new SafeSigner(params.statePath, params.privateKey, state)
  }

  /** The last signature given (persisted), or undefined if none yet. */
  get lastSigned(): SignedStep | undefined {
    const last = this.state.last
    return last === undefined ? undefined : { ...last }
  }

  /** Signs a prevote or precommit (`VoteType`); see the class comment for the rules. */
  signVote(domain: CustosDomain, vote: Vote): Hex {
    const step =
      vote.voteType === VoteType.prevote
        ? 'prevote'
        : vote.voteType === VoteType.precommit
          ? 'precommit'
          : undefined
    if (step === undefined)
      throw new InvalidValue(
        'vote.voteType',
        `must be prevote (1) or precommit (2), got ${vote.voteType}`,
      )
    return this.sign(
      domain,
      { height: vote.height, round: vote.round, step, blockHash: vote.blockHash },
      fromHex(voteDigest(domain, vote)),
    )
  }

  /**
   * Signs a proposal given its 32-byte EIP-712 digest (computed by the proposal's own module)
   * and what it proposes; the step is `propose`.
   */
  signProposal(domain: CustosDomain, proposal: ProposalSignRequest, digest: Uint8Array): Hex {
    return this.sign(domain, { ...proposal, step: 'propose' }, digest)
  }

  /**
   * Signs `digest` as the message described by `request` (any consensus message type). The
   * digest must commit to `request` and to `domain`; this signer cannot check that.
   */
  sign(domain: CustosDomain, request: SignRequest, digest: Uint8Array): Hex {
    if (this.halted) throw this.halted
    checkRequest(request, digest)
    if (domain.chainId !== this.chainId)
      throw new SignStateMismatch(
        'WRONG_CHAIN',
        `Signer state file ${this.statePath} is for chain ${this.chainId}; refusing to sign for ` +
          `chain ${domain.chainId}`,
        {
          path: this.statePath,
          stateChainId: this.chainId.toString(),
          chainId: domain.chainId.toString(),
        },
      )
    const blockHash = request.blockHash.toLowerCase() as Hex
    const last = this.state.last
    if (last !== undefined) {
      const refuse = (reason: DoubleSignReason): never => {
        throw new DoubleSignRefused(reason, { ...request, blockHash }, last)
      }
      if (request.height < last.height) refuse('height-regression')
      if (request.height === last.height) {
        if (request.round < last.round) refuse('round-regression')
        if (request.round === last.round) {
          if (STEP_ORDER[request.step] < STEP_ORDER[last.step]) refuse('step-regression')
          if (request.step === last.step) {
            if (blockHash !== last.blockHash) refuse('conflicting-block')
            if (!bytesEqual(digest, fromHex(last.digest))) refuse('conflicting-digest')
            return last.signature
          }
        }
      }
    }

    const signature = signDigest(digest, this.privateKey)
    const next: SignState = {
      ...this.state,
      last: {
        height: request.height,
        round: request.round,
        step: request.step,
        blockHash,
        digest: toHex(digest),
        signature,
      },
    }
    try {
      writeSignState(this.statePath, next)
    } catch (cause) {
      this.halted = new SignStateWriteFailed(this.statePath, { cause })
      throw this.halted
    }
    this.state = next
    return signature
  }
}

function checkRequest(request: SignRequest, digest: Uint8Array): void {
  if (request.height < 0n || request.height > UINT64_MAX)
    throw new InvalidValue('height', `must be a uint64, got ${request.height}`)
  if (request.round < 0n || request.round > UINT32_MAX)
    throw new InvalidValue('round', `must be a uint32, got ${request.round}`)
  if (!Object.hasOwn(STEP_ORDER, request.step))
    throw new InvalidValue('step', `must be propose, prevote or precommit, got ${request.step}`)
  if (!HASH.test(request.blockHash))
    throw new InvalidValue('blockHash', `must be 32 bytes of 0x-hex, got ${request.blockHash}`)
  if (digest.length !== 32)
    throw new InvalidValue('digest', `must be 32 bytes, got ${digest.length}`)
}
