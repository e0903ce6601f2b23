/**
 * Checks every light block passes whatever it is verified from: the commit signs this very
 * header, the validator set is the one the header names, the chain is ours (`checkSelf`); and
 * the header's height and time follow the trusted one without running ahead of the clock
 * (`checkFollows`).
 */
import { validatorSetHash, type Header } from '../../protocol/block'
import { hashOfHeader } from './hashes'
import type { Hex } from '../../protocol/messages'
import { lightErrors } from '../errors'
import type { LightBlock } from '../types'
import type { VerifyOptions } from './options'

/** The block's own consistency. Returns its header hash. */
export function checkSelf(block: LightBlock, opts: VerifyOptions): Hex {
  const source = opts.source ?? 'the node'
  const { header, commit } = block
  const height = header.height
  if (header.chainId !== opts.domain.chainId)
    throw lightErrors.wrongChain(source, header.chainId, opts.domain.chainId)
  const hash = hashOfHeader(header)
  if (commit.height !== height)
    throw lightErrors.badCommit(source, height, `the commit is for height ${commit.height}`)
  if (commit.blockHash.toLowerCase() !== hash)
    throw lightErrors.forgedHeader(
      source,
      height,
      `its hash is ${hash} but the commit signs ${commit.blockHash}`,
    )
  const setHash = validatorSetHash(block.validators)
  if (setHash !== header.validatorsHash)
    throw lightErrors.wrongValidatorSet(
      source,
      height,
      `the set sent hashes to ${setHash}, the header names ${header.validatorsHash}`,
    )
  return hash
}

/** The untrusted header comes after the trusted one, in height and time, and not from the future. */
export function checkFollows(trusted: Header, untrusted: Header, opts: VerifyOptions): void {
  const source = opts.source ?? 'the node'
  const height = untrusted.height
  if (height <= trusted.height)
    throw lightErrors.invalidHeader(
      source,
      height,
      `is not above the trusted height ${trusted.height}`,
    )
  if (untrusted.timeMs <= trusted.timeMs)
    throw lightErrors.invalidHeader(
      source,
      height,
      `has time ${untrusted.timeMs}, not after the trusted block ${trusted.height} (${trusted.timeMs})`,
    )
  checkNotFuture(untrusted, opts)
}

/** The header is not dated beyond the clock plus the tolerated drift. */
export function checkNotFuture(header: Header, opts: VerifyOptions): void {
  if (header.timeMs > opts.now + opts.maxClockDriftMs)
    throw lightErrors.invalidHeader(
      opts.source ?? 'the node',
      header.height,
      `is dated ${new Date(Number(header.timeMs)).toISOString()}, in the future`,
    )
}

/** Both checks of an untrusted block against a trusted header. Returns its hash. */
export function checkBlock(trusted: Header, untrusted: LightBlock, opts: VerifyOptions): Hex {
  const hash = checkSelf(untrusted, opts)
  checkFollows(trusted, untrusted.header, opts)
  return hash
}

/** Throws `trust-expired` when `trusted` is older than the trusting period at `now`. */
export function checkTrusted(trusted: Header, opts: VerifyOptions): void {
  if (trusted.timeMs + opts.trustingPeriodMs <= opts.now)
    throw lightErrors.trustExpired(trusted.height, trusted.timeMs, opts.trustingPeriodMs)
}
