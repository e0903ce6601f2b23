/**
 * Establishing the trusted root a light client starts from (see `TrustedRoot`): the genesis
 * block computed from the genesis document; a block fetched from the primary whose hash must be
 * the one the user trusts and whose commit must hold; or a block verified before.
 */
import { computeGenesisBlock } from '../chain/genesisHeader'
import { headerHash } from '../protocol/block'
import { custosDomain, type CustosDomain } from '../protocol/eip712'
import type { Genesis } from '../state/genesis'
import { lightErrors } from './errors'
import { fetchBlockAt, type FetchPolicy } from './fetchBlock'
import type { LightBlock, LightChain, LightProvider, TrustedRoot } from './types'
import { checkTrusted, verifyCommitted, type VerifyOptions } from './verify'

export interface EstablishRootParameters {
  root: TrustedRoot
  /** The chain followed; required unless the root is the genesis document. */
  chain: LightChain | undefined
  primary: LightProvider
  policy: FetchPolicy
  verifyOptions(domain: CustosDomain): VerifyOptions
}

export interface EstablishedRoot {
  chain: LightChain
  block: LightBlock
}

/** The genesis block as a light block: its commit is empty (nothing signs height 0). */
export function genesisLightBlock(genesis: Genesis): LightBlock {
  const { header, validators } = computeGenesisBlock(genesis)
  return {
    header,
    commit: { height: 0n, round: 0n, blockHash: headerHash(header), signatures: [] },
    validators,
  }
}

function requireChain(p: EstablishRootParameters): LightChain {
  if (!p.chain)
    throw new TypeError('a light client started from a block needs `chain` (chain id and anchor)')
  return p.chain
}

export async function establishRoot(p: EstablishRootParameters): Promise<EstablishedRoot> {
  const { root } = p
  switch (root.kind) {
    case 'genesis': {
      const chain = {
        chainId: root.genesis.chainId,
        verifyingContract: root.genesis.verifyingContract,
      }
      if (p.chain && p.chain.chainId !== chain.chainId)
        throw lightErrors.wrongChain('the genesis document', chain.chainId, p.chain.chainId)
      if (
        p.chain &&
        p.chain.verifyingContract.toLowerCase() !== chain.verifyingContract.toLowerCase()
      )
        throw new TypeError(
          `the genesis document anchors to ${chain.verifyingContract}, not ${p.chain.verifyingContract}`,
        )
      return { chain, block: genesisLightBlock(root.genesis) }
    }
    case 'hash': {
      const chain = requireChain(p)
      if (root.height < 1n)
        throw new TypeError(
          'a hash root starts at height 1 or above; use the genesis document for 0',
        )
      const block = await fetchBlockAt(p.primary, root.height, p.policy)
      const hash = headerHash(block.header)
      if (hash !== root.hash.toLowerCase())
        throw lightErrors.rootMismatch(p.primary.name, root.height, hash, root.hash)
      const opts = p.verifyOptions(custosDomain(chain.chainId, chain.verifyingContract))
      checkTrusted(block.header, opts)
      verifyCommitted(block, opts)
      return { chain, block }
    }
    case 'block':
      return { chain: requireChain(p), block: root.block }
  }
}
