/** Fields of a holding: a token balance at a height, proven present (amount) or absent (0). */
import type { Header } from '../../../protocol/block'
import { decodeStateValue } from '../../../protocol/stateValue'
import { DeriveError } from './deriveError'
import type { RecordFields } from './fields'
import { blockTime } from './text'

export const holdingColumns = ['height', 'time', 'symbol', 'holder', 'amount'] as const

const BALANCE_KEY = /^balance\/([A-Z][A-Z0-9.-]{0,11})\/(0x[0-9a-f]{40})$/

export function holdingFields(key: string, value: Uint8Array | null, header: Header) {
  const match = BALANCE_KEY.exec(key)
  if (!match) throw new DeriveError(`state key ${JSON.stringify(key)} is not a balance`)
  const [, symbol, holder] = match as unknown as [string, string, string]
  const amount = value === null ? 0n : decodeStateValue(value)
  if (typeof amount !== 'bigint' || amount < 0n)
    throw new DeriveError(`the value of ${key} is not a balance`)
  const fields: RecordFields = {
    height: header.height.toString(),
    time: blockTime(header),
    symbol,
    holder,
    amount: amount.toString(),
  }
  return { id: `${symbol}/${holder}@${header.height}`, fields }
}
