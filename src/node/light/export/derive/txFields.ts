/**
 * Fields of a transaction record, derived from the transaction's bytes and its block header.
 * The summary columns (symbol, counterparty, amount, account, reference) pick the values an
 * auditor sorts by from whichever message field holds them; `message` has every field.
 */
import type { Header } from '../../../protocol/block'
import type { SignedTx } from '../../../protocol/messages'
import type { Hex } from '../../../protocol/messages'
import type { RecordFields } from './fields'
import { blockTime, jsonField, scalarText } from './text'

export const txColumns = [
  'height',
  'time',
  'index',
  'txCount',
  'id',
  'kind',
  'from',
  'nonce',
  'symbol',
  'counterparty',
  'amount',
  'account',
  'reference',
  'message',
] as const

export interface TxFieldsParameters {
  tx: SignedTx
  /** The transaction id (EIP-712 digest). */
  id: Hex
  header: Header
  index: number
  txCount: number
}

type Message = Readonly<Record<string, unknown>>

function first(message: Message, names: readonly string[]): string {
  for (const name of names) {
    const text = scalarText(message[name])
    if (text !== '') return text
  }
  return ''
}

function nested(message: Message): Message {
  const action = message['action']
  return typeof action === 'object' && action !== null ? (action as Message) : {}
}

function legSymbols(message: Message): string {
  const legs = message['legs']
  if (!Array.isArray(legs)) return ''
  return [...new Set(legs.map((leg: Message) => scalarText(leg['symbol'])))].join(' ')
}

const ZERO_REFERENCE = `0x${'00'.repeat(32)}`

export function txFields(params: TxFieldsParameters): RecordFields {
  const { tx, header } = params
  const message = tx.message as unknown as Message
  const action = nested(message)
  const actionReference = scalarText(action['reference'])
  return {
    height: header.height.toString(),
    time: blockTime(header),
    index: String(params.index),
    txCount: String(params.txCount),
    id: params.id,
    kind: tx.kind,
    from: tx.message.from,
    nonce: tx.message.nonce.toString(),
    symbol: first(message, ['symbol']) || scalarText(action['symbol']) || legSymbols(message),
    counterparty:
      first(message, ['to', 'holder', 'subject', 'replacement']) ||
      first(action, ['counterparty', 'target']),
    amount: first(message, ['amount']) || first(action, ['amount', 'power']),
    account: first(message, ['account']),
    reference:
      first(message, ['proposalId', 'instructionId', 'reference']) ||
      (actionReference === ZERO_REFERENCE ? '' : actionReference),
    message: jsonField(tx.message),
  }
}
