/**
 * The steps of a bundle's header chain, with the light client's own rules
 * (`light/verify`: `verifyAdjacent` for the next height, `verifySkipping` above it; CometBFT
 * light client, "VerifyAdjacent" / "VerifyNonAdjacent"), made strict for a document:
 * - every commit signature must verify, not only enough of them (the light client stops
 *   counting at the threshold, so an edited signature past it would go unnoticed);
 * - validator sets must be listed in canonical order (by address), as they are hashed;
 * - time is the bundle's own: a step is judged at the untrusted block's time (offline, no
 *   clock), so skipping further than the trusting period from a trusted block fails.
 * Each check throws `LightStepError` with a sentence saying what failed.
 */
import {
  headerHash,
  validatorSetHash,
  verifyCommit,
  type Commit,
  type Validator,
} from '../../../protocol/block'
import type { CustosDomain } from '../../../protocol/eip712'
import { toHex } from '../../../protocol/hash'
import { nobleRecoverAddress, type RecoverAddress } from '../../../protocol/signature'
import { LightClientError } from '../../errors'
import type { LightBlock } from '../../types'
import {
  defaultMaxClockDriftMs,
  defaultTrustingPeriodMs,
  verifyAdjacent,
  verifySkipping,
} from '../../verify'
import type { BundleLightBlock } from '../bundle/lightBlockJson'
import type { TrustedRoot } from '../trustedRoot'

export class LightStepError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'LightStepError'
  }
}

export interface LightStepParameters {
  domain: CustosDomain
  trusted: BundleLightBlock
  untrusted: BundleLightBlock
  recover?: RecoverAddress
  /** How far a skip may reach past its trusted block (ms); the light client's default. */
  trustingPeriodMs?: bigint
}

const fail = (reason: string): never => {
  throw new LightStepError(reason)
}

/** Remembers recoveries, so the strict pass and the light client's pass recover each once. */
export function memoRecover(recover: RecoverAddress = nobleRecoverAddress): RecoverAddress {
  const seen = new Map<string, ReturnType<RecoverAddress>>()
  return (digest, signature) => {
    const key = `${toHex(digest)}${toHex(signature)}`
    let address = seen.get(key)
    if (address === undefined) {
      address = recover(digest, signature)
      seen.set(key, address)
    }
    return address
  }
}

function checkValidatorSet(block: BundleLightBlock): void {
  const { validators, header } = block
  for (let i = 1; i < validators.length; i++)
    if ((validators[i - 1] as Validator).address >= (validators[i] as Validator).address)
      fail(`the validator set of block ${header.height} is not sorted by address`)
  if (validatorSetHash(validators) !== header.validatorsHash)
    fail(`the validator set of block ${header.height} does not hash to its validatorsHash`)
}

/** Every signature of the commit verifies, and they hold more than 2/3 of the block's set. */
function checkWholeCommit(block: BundleLightBlock, domain: CustosDomain, recover: RecoverAddress) {
  const { header, commit } = block
  if (!commit) return fail(`block ${header.height} has no commit`)
  try {
    verifyCommit({
      domain,
      commit,
      validators: block.validators,
      blockHash: headerHash(header),
      height: header.height,
      recover,
    })
  } catch (error) {
    fail(`the commit of block ${header.height} does not verify: ${(error as Error).message}`)
  }
  return commit
}

/** The trusted root: the light block whose header hashes to the root the auditor trusts. */
export function verifyTrustedRootBlock(
  block: BundleLightBlock,
  root: TrustedRoot,
  params: { domain: CustosDomain; recover?: RecoverAddress },
): void {
  const { header } = block
  if (header.height !== root.height)
    fail(`the first light block is at height ${header.height}, the trusted root at ${root.height}`)
  const hash = headerHash(header)
  if (hash !== root.hash)
    fail(`block ${header.height} hashes to ${hash}, not to the trusted root ${root.hash}`)
  if (header.chainId !== params.domain.chainId)
    fail(
      `block ${header.height} is on chain ${header.chainId}; the bundle names ${params.domain.chainId}`,
    )
  checkValidatorSet(block)
  if (block.commit) checkWholeCommit(block, params.domain, params.recover ?? nobleRecoverAddress)
}

const emptyCommit = (block: BundleLightBlock): Commit => ({
  height: block.header.height,
  round: 0n,
  blockHash: headerHash(block.header),
  signatures: [],
})

/**
 * Verifies `untrusted` from `trusted` by the adjacent rule (next height) or the skipping rule
 * (any later height).
 */
export function verifyLightStep(params: LightStepParameters): void {
  const { trusted, untrusted, domain } = params
  const recover = params.recover ?? nobleRecoverAddress
  checkValidatorSet(untrusted)
  const commit = checkWholeCommit(untrusted, domain, recover)
  const asTrusted: LightBlock = { ...trusted, commit: trusted.commit ?? emptyCommit(trusted) }
  const target: LightBlock = { ...untrusted, commit }
  const options = {
    domain,
    trustingPeriodMs: params.trustingPeriodMs ?? defaultTrustingPeriodMs,
    maxClockDriftMs: defaultMaxClockDriftMs,
    now: untrusted.header.timeMs,
    recover,
    source: 'the bundle',
  }
  try {
    if (untrusted.header.height === trusted.header.height + 1n)
      verifyAdjacent(asTrusted, target, options)
    else verifySkipping(asTrusted, target, options)
  } catch (error) {
    if (!(error instanceof LightClientError)) throw error
    if (error.reason === 'trust-expired')
      fail(
        `block ${untrusted.header.height} is more than the trusting period after block ` +
          `${trusted.header.height}, the last verified one: a light block in between is needed`,
      )
    fail(error.message)
  }
}
