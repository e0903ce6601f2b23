/**
 * Records of the consensus write-ahead log, and the scan that reads them back.
 *
 *   record = bodyLength u32 ‖ crc32(body) u32 ‖ body            (big-endian)
 *   body   = 1 u8 ‖ height u64 ‖ kindLength u8 ‖ kind (UTF-8) ‖ payload   a message
 *          | 2 u8 ‖ height u64                                          the end of a height
 *
 * A record is written with one write(2), so a crash can only cut the log's LAST record short
 * (a torn write). The scan tells such a torn tail (incomplete header or body, a zero-filled
 * tail, or a checksum failure in the record that ends the file) apart from damage further in.
 */
import { crc32 } from './crc32'

/** One consensus message as logged: an opaque payload, a kind tag and its height. */
export interface WalMessage {
  /** What the payload is (e.g. 'proposal', 'vote', 'timeout'); at most 255 bytes of UTF-8. */
  kind: string
  height: bigint
  payload: Uint8Array
}

export type WalRecord = ({ type: 'message' } & WalMessage) | { type: 'endHeight'; height: bigint }

const HEADER = 8
const TYPE_MESSAGE = 1
const TYPE_END_HEIGHT = 2
/** type + height: the smallest body (an end-height marker). */
const MIN_BODY = 9
const UINT64_MAX = (1n << 64n) - 1n

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** Encodes one record (header and body) into a single buffer. */
export function encodeWalRecord(record: WalRecord): Uint8Array {
  if (record.height < 0n || record.height > UINT64_MAX)
    throw new RangeError(`WAL record height must be a uint64, got ${record.height}`)
  const kind = record.type === 'message' ? encoder.encode(record.kind) : new Uint8Array(0)
  if (kind.length > 255)
    throw new RangeError(`WAL record kind is ${kind.length} bytes; at most 255`)
  const payload = record.type === 'message' ? record.payload : new Uint8Array(0)
  const bodyLength =
    record.type === 'message' ? MIN_BODY + 1 + kind.length + payload.length : MIN_BODY
  const out = new Uint8Array(HEADER + bodyLength)
  const view = new DataView(out.buffer)
  view.setUint8(HEADER, record.type === 'message' ? TYPE_MESSAGE : TYPE_END_HEIGHT)
  view.setBigUint64(HEADER + 1, record.height)
  if (record.type === 'message') {
    view.setUint8(HEADER + MIN_BODY, kind.length)
    out.set(kind, HEADER + MIN_BODY + 1)
    out.set(payload, HEADER + MIN_BODY + 1 + kind.length)
  }
  view.setUint32(0, bodyLength)
  view.setUint32(4, crc32(out.subarray(HEADER)))
  return out
}

/** Decodes a body whose checksum holds; a string names the problem if it is malformed. */
function decodeBody(body: Uint8Array): WalRecord | string {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  const type = view.getUint8(0)
  const height = view.getBigUint64(1)
  if (type === TYPE_END_HEIGHT) {
    return body.length === MIN_BODY ? { type: 'endHeight', height } : 'end-height record too long'
  }
  if (type !== TYPE_MESSAGE) return `unknown record type ${type}`
  if (body.length < MIN_BODY + 1) return 'message record too short'
  const kindLength = view.getUint8(MIN_BODY)
  const payloadStart = MIN_BODY + 1 + kindLength
  if (payloadStart > body.length) return 'message kind runs past the record'
  let kind: string
  try {
    kind = decoder.decode(body.subarray(MIN_BODY + 1, payloadStart))
  } catch {
    return 'message kind is not UTF-8'
  }
  // a copy in a plain Uint8Array (a Buffer's slice would be a Buffer sharing the file's memory)
  return { type: 'message', kind, height, payload: new Uint8Array(body.subarray(payloadStart)) }
}

export interface WalDefect {
  /** Where the first bad record starts; everything before it is good. */
  offset: number
  problem: string
  /** True when the defect is a torn write at the tail (safe to truncate), false for damage. */
  torn: boolean
}

export interface WalScan {
  records: WalRecord[]
  /** Length of the good prefix (equal to the input's length when there is no defect). */
  validLength: number
  defect: WalDefect | undefined
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false
  return true
}

/** Reads records from the start of a log file until its end or the first defect. */
export function scanWalRecords(bytes: Uint8Array, maxBodyBytes: number): WalScan {
  const records: WalRecord[] = []
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let offset = 0
  const stop = (problem: string, torn: boolean): WalScan => ({
    records,
    validLength: offset,
    defect: { offset, problem, torn },
  })
  while (offset < bytes.length) {
    const remaining = bytes.length - offset
    if (isZero(bytes.subarray(offset))) return stop(`zero-filled tail of ${remaining} bytes`, true)
    if (remaining < HEADER) return stop(`torn header (${remaining} of ${HEADER} bytes)`, true)
    const bodyLength = view.getUint32(offset)
    const checksum = view.getUint32(offset + 4)
    if (bodyLength < MIN_BODY || bodyLength > maxBodyBytes)
      return stop(`record length ${bodyLength} is out of range`, false)
    const end = offset + HEADER + bodyLength
    if (end > bytes.length)
      return stop(`torn record (${remaining - HEADER} of ${bodyLength} body bytes)`, true)
    const body = bytes.subarray(offset + HEADER, end)
    if (crc32(body) !== checksum) return stop('checksum mismatch', end === bytes.length) // last record: a torn write
    const record = decodeBody(body)
    if (typeof record === 'string') return stop(record, false)
    records.push(record)
    offset = end
  }
  return { records, validLength: offset, defect: undefined }
}
