import { z } from 'zod'
import { headerJson } from '../json'
import { publicMethod } from '../method'
import { optionalHeight, requireHeader, resolveHeight } from './heights'

/** The header at `height` (default: the head), with its hash. */
export const getHeader = publicMethod({
  name: 'custos_getHeader',
  params: z.strictObject({ height: optionalHeight }),
  handle({ height }, { ctx }) {
    const { chain } = ctx.backend
    return headerJson(requireHeader(chain, resolveHeight(chain, height)))
  },
})
