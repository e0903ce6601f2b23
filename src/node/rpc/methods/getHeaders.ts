import { z } from 'zod'
import { invalidParams } from '../errors'
import { headerJson } from '../json'
import { publicMethod } from '../method'
import { uint64 } from '../params'
import { requireHeader } from './heights'

/** Headers `from`..`to` inclusive, at most `limits.maxHeaderRange`; stops at the head. */
export const getHeaders = publicMethod({
  name: 'custos_getHeaders',
  params: z.strictObject({ from: uint64, to: uint64 }),
  handle({ from, to }, { ctx }) {
    if (to < from) throw invalidParams('to', `must not be below from (${from})`)
    const max = BigInt(ctx.limits.maxHeaderRange)
    if (to - from + 1n > max)
      throw invalidParams(
        'to',
        `the range ${from}..${to} holds ${to - from + 1n} headers; ask for at most ${max} at a time`,
      )
    const { chain } = ctx.backend
    const head = chain.head().height
    const last = to < head ? to : head
    const headers = []
    for (let height = from; height <= last; height++)
      headers.push(headerJson(requireHeader(chain, height)))
    return { head: head.toString(), headers }
  },
})
