import { z } from 'zod'
import { validatorSetHash } from '../../protocol/block'
import { notFound } from '../errors'
import { validatorsJson } from '../json'
import type { ValidatorSetAnswer } from '../answers'
import { publicMethod } from '../method'
import { uint64 } from '../params'

/**
 * The validator set that signs block `height` (known up to the head + 1): its members, hash
 * (the headers' `validatorsHash`), total power and the first height it signed.
 */
export const getValidatorSet = publicMethod({
  name: 'custos_getValidatorSet',
  params: z.strictObject({ height: uint64 }),
  handle({ height }, { ctx }): ValidatorSetAnswer {
    const { chain } = ctx.backend
    const head = chain.head().height
    if (height > head + 1n)
      throw notFound(
        'validators',
        `the set of height ${height} is not decided yet; the head is ${head}, so sets are ` +
          `known up to height ${head + 1n}`,
      )
    const entry = chain.store.validatorSetAt(height)
    if (!entry)
      throw notFound(
        'validators',
        `this node does not keep the validator set of height ${height}; its history starts at ` +
          `height ${chain.store.validatorHistoryStart() ?? head}. Ask another node`,
      )
    return {
      height: height.toString(),
      fromHeight: entry.fromHeight.toString(),
      hash: validatorSetHash(entry.validators),
      totalPower: entry.validators.reduce((sum, v) => sum + v.power, 0n).toString(),
      validators: validatorsJson(entry.validators),
    }
  },
})
