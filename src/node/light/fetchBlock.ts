/**
 * Fetching light blocks from a provider with retries, and what a failure means for the user:
 * a node that cannot be reached is `unreachable`; a node that says its chain reaches a height
 * but does not serve the block there — an error, an empty answer or silence until the
 * timeout, after the retries — is `withheld-header`.
 */
import { LightClientError, lightErrors, ProviderError } from './errors'
import type { LightBlock, LightProvider } from './types'

export interface FetchPolicy {
  /** Attempts after the first (default 2). */
  retries: number
  /** Wait between attempts (ms, default 250). */
  retryDelayMs: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function withRetries<T>(policy: FetchPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt()
    } catch (error) {
      const retriable =
        error instanceof ProviderError &&
        error.failure !== 'bad-response' &&
        error.failure !== 'refused'
      if (!retriable || i >= policy.retries) throw error
      await sleep(policy.retryDelayMs)
    }
  }
}

/** A provider failure as the user-facing error (`bad-response`, `unreachable`, `refused`). */
export function asLightError(error: unknown, source: string): unknown {
  if (!(error instanceof ProviderError)) return error
  switch (error.failure) {
    case 'refused':
      return lightErrors.refused(source, error.message, error)
    case 'bad-response':
      return lightErrors.badResponse(source, error.message, error)
    default:
      return lightErrors.unreachable(source, error.message, error)
  }
}

/** The provider's newest block (its head). */
export async function fetchHead(provider: LightProvider, policy: FetchPolicy): Promise<LightBlock> {
  try {
    return await withRetries(policy, () => provider.lightBlock())
  } catch (error) {
    throw asLightError(error, provider.name)
  }
}

/**
 * The block at `height`. When it cannot be had, asks for the provider's head: a head at or
 * above `height` makes it `withheld-header`, a lower one `height-unavailable`.
 */
export async function fetchBlockAt(
  provider: LightProvider,
  height: bigint,
  policy: FetchPolicy,
  knownHead?: bigint,
): Promise<LightBlock> {
  let block: LightBlock
  try {
    block = await withRetries(policy, () => provider.lightBlock(height))
  } catch (error) {
    if (
      !(error instanceof ProviderError) ||
      error.failure === 'bad-response' ||
      error.failure === 'refused'
    )
      throw asLightError(error, provider.name)
    let head = knownHead
    if (head === undefined || head < height) {
      try {
        head = (await provider.lightBlock()).header.height
      } catch (headError) {
        if (error.failure === 'unreachable') throw asLightError(error, provider.name)
        throw asLightError(headError, provider.name)
      }
    }
    if (head >= height) throw lightErrors.withheld(provider.name, height, head, error)
    throw lightErrors.heightUnavailable(provider.name, height, head)
  }
  if (block.header.height !== height)
    throw lightErrors.badResponse(
      provider.name,
      `asked for block ${height}, got block ${block.header.height}`,
    )
  return block
}

export function isLightError(error: unknown): error is LightClientError {
  return error instanceof LightClientError
}
