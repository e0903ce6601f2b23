/**
 * Verifies a bundle's light blocks in order from the trusted root and says, for every height,
 * whether its header is proven committed (and if not, why). A light block that fails does not
 * stop the walk: the next one is verified from the last one that passed, by the rule its gap
 * calls for, so one edited block fails itself and only what depends on it.
 */
import type { Header } from '../../../protocol/block'
import type { CustosDomain } from '../../../protocol/eip712'
import type { RecoverAddress } from '../../../protocol/signature'
import { parseLightBlock, type BundleLightBlock, type LightStep } from '../bundle/lightBlockJson'
import { zodReason } from '../bundle/parseBundle'
import type { TrustedRoot } from '../trustedRoot'
import { LightStepError, memoRecover, verifyLightStep, verifyTrustedRootBlock } from './lightSteps'
import type { FailedItem, FailureCode, VerifyFailure } from './report'
import { ZodError } from 'zod'

export type HeaderStatus = { ok: true; header: Header } | { ok: false; reason: string }

export interface VerifyHeaderChainParameters {
  lightBlocks: readonly unknown[]
  root: TrustedRoot
  domain: CustosDomain
  recover?: RecoverAddress
}

export interface HeaderChainResult {
  /** Height (decimal) → whether its header is proven. */
  headers: Map<string, HeaderStatus>
  failures: VerifyFailure[]
}

/** The height a light block claims, for naming it even when it does not parse. */
function claimedHeight(raw: unknown): string {
  const header = (raw as { header?: { height?: unknown } } | null)?.header
  return typeof header?.height === 'string' ? header.height : '?'
}

function expectedStep(index: number, height: bigint, previous: bigint | undefined): LightStep {
  if (index === 0) return 'trusted-root'
  return previous !== undefined && height === previous + 1n ? 'adjacent' : 'skipping'
}

export function verifyHeaderChain(params: VerifyHeaderChainParameters): HeaderChainResult {
  const headers = new Map<string, HeaderStatus>()
  const failures: VerifyFailure[] = []
  let last: BundleLightBlock | undefined
  let previousHeight: bigint | undefined
  let broken = 'the trusted root does not verify'
  const recover = memoRecover(params.recover)

  params.lightBlocks.forEach((raw, index) => {
    const item: FailedItem = {
      section: 'lightBlocks',
      type: 'block',
      id: claimedHeight(raw),
      index,
    }
    const fail = (code: FailureCode, reason: string) => {
      failures.push({ record: item, code, reason })
      if (item.id !== '?' && !headers.has(item.id)) headers.set(item.id, { ok: false, reason })
    }
    let parsed
    try {
      parsed = parseLightBlock(raw)
    } catch (error) {
      const reason = error instanceof ZodError ? zodReason(error) : String(error)
      return fail('MALFORMED', `light block: ${reason}`)
    }
    const { block, step } = parsed
    const height = block.header.height
    if (headers.has(height.toString()))
      return fail('INCONSISTENT', `a second light block at height ${height}`)
    if (previousHeight !== undefined && height <= previousHeight)
      return fail('REORDERED', `light block ${height} comes after light block ${previousHeight}`)
    const expected = expectedStep(index, height, previousHeight)
    previousHeight = height
    if (step !== expected)
      return fail(
        'RECORD_EDITED',
        `its step is '${step}'; its place in the chain makes it '${expected}'`,
      )
    try {
      if (index === 0)
        verifyTrustedRootBlock(block, params.root, { domain: params.domain, recover })
      else if (!last) throw new LightStepError(`no verified block precedes it (${broken})`)
      else verifyLightStep({ domain: params.domain, recover, trusted: last, untrusted: block })
    } catch (error) {
      // a LightStepError says what failed; anything else is input out of every protocol range
      const reason =
        error instanceof LightStepError
          ? error.message
          : `block ${height} cannot be checked: ${error instanceof Error ? error.message : String(error)}`
      if (index === 0) broken = `the trusted root does not verify: ${reason}`
      return fail(index === 0 ? 'TRUSTED_ROOT_MISMATCH' : 'HEADER_NOT_COMMITTED', reason)
    }
    last = block
    headers.set(height.toString(), { ok: true, header: block.header })
  })
  if (params.lightBlocks.length === 0)
    failures.push({
      record: {
        section: 'lightBlocks',
        type: 'block',
        id: params.root.height.toString(),
        index: 0,
      },
      code: 'TRUSTED_ROOT_MISMATCH',
      reason: 'the bundle has no light blocks, so nothing links it to the trusted root',
    })
  return { headers, failures }
}
