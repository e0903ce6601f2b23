import { z } from 'zod'
import { invalidParams } from '../errors'
import { commitJson, headerJson } from '../json'
import { publicMethod } from '../method'
import { uint64 } from '../params'
import { requireHeader } from './heights'

/**
 * Headers `from`..`to` inclusive, at most `limits.maxHeaderRange`; stops at the head. With
 * `withCommits`, also each header's commit (null for the genesis block), for light clients.
 */
export const getHeaders = publicMethod({
  name: 'custos_getHeaders',
  params: z.strictObject({ from: uint64, to: uint64, withCommits: z.boolean().optional() }),
  handle({ from, to, withCommits }, { ctx }) {
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
    if (!withCommits) return { head: head.toString(), headers }
    const commits = []
    for (let height = from; height <= last; height++) {
      const commit = chain.store.commit(height)
      commits.push(commit ? commitJson(commit) : null)
    }
    return { head: head.toString(), headers, commits }
  },
})
