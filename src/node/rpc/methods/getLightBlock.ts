import { z } from 'zod'
import { validatorSetHash } from '../../protocol/block'
import { notFound } from '../errors'
import { commitJson, headerJson, validatorsJson } from '../json'
import type { LightBlockAnswer } from '../answers'
import { publicMethod } from '../method'
import { optionalHeight, requireHeader, resolveHeight } from './heights'

/**
 * What a light client verifies a block by (docs/rpc.md, "Light clients"): the header at
 * `height` (default: the head), the commit that signs it and the validator set its
 * `validatorsHash` names. Below the head the commit is the canonical one (carried by the next
 * block); at the head it is the one this node collected (`canonical: false`), equally valid.
 */
export const getLightBlock = publicMethod({
  name: 'custos_getLightBlock',
  params: z.strictObject({ height: optionalHeight }),
  handle({ height }, { ctx }): LightBlockAnswer {
    const { chain } = ctx.backend
    const at = resolveHeight(chain, height)
    if (at === 0n)
      throw notFound(
        'commit',
        'the genesis block (height 0) has no commit; a light client starts from the genesis ' +
          'document or from a later block it trusts',
      )
    const header = requireHeader(chain, at)
    const commit = chain.store.commit(at)
    if (!commit) throw notFound('commit', `no commit for height ${at}`)
    const validators = chain.validatorSetAt(at)
    if (!validators || validatorSetHash(validators) !== header.validatorsHash)
      throw notFound(
        'validators',
        `this node does not keep the validator set of height ${at}; its history starts at ` +
          `height ${chain.store.validatorHistoryStart() ?? chain.head().height}. Ask another node`,
      )
    return {
      header: headerJson(header),
      commit: commitJson(commit),
      validators: validatorsJson(validators),
      canonical: at < chain.head().height,
    }
  },
})
