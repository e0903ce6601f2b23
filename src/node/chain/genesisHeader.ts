/**
 * The genesis block's header (height 0), as every node writes it and as a light client
 * computes it from the genesis document alone: no transactions, no commit, the genesis state's
 * root, and the genesis set as both the set of this block and of the next one.
 */
import { validatorSetHash, ZERO_HASH, type Header, type Validator } from '../protocol/block'
import { toHex, utf8 } from '../protocol/hash'
import { merkleRoot } from '../protocol/merkle'
import type { Address, Hex } from '../protocol/messages'
import { encodeStateValue } from '../protocol/stateValue'
import { buildGenesisState, getValidators, type Genesis } from '../state'
import { MerkleTrie } from '../store/trie'

const NO_PROPOSER: Address = `0x${'00'.repeat(20)}`

/** The genesis header for a genesis state root and set (the node passes its store's root). */
export function genesisHeader(
  genesis: Genesis,
  stateRoot: Hex,
  validators: readonly Validator[],
): Header {
  const validatorsHash = validatorSetHash(validators)
  return {
    chainId: genesis.chainId,
    height: 0n,
    timeMs: genesis.genesisTimeMs,
    lastBlockHash: ZERO_HASH,
    lastCommitHash: ZERO_HASH,
    txRoot: toHex(merkleRoot([])),
    stateRoot,
    validatorsHash,
    nextValidatorsHash: validatorsHash,
    proposer: NO_PROPOSER,
  }
}

export interface GenesisLightBlock {
  header: Header
  validators: Validator[]
}

/**
 * Computes the genesis header and set from the genesis document in memory (the state trie is
 * built without a store), so a light client trusts exactly what the document says.
 */
export function computeGenesisBlock(genesis: Genesis): GenesisLightBlock {
  const view = buildGenesisState(genesis)
  // every node is new and in memory: the source is never read
  const trie = new MerkleTrie({ getNode: () => undefined })
  for (const [key, value] of view.changes()) {
    if (value !== null) trie.put(utf8(key), encodeStateValue(value))
  }
  const { root } = trie.commit()
  const validators = getValidators(view)
  return { header: genesisHeader(genesis, toHex(root), validators), validators }
}
