/**
 * Command and response APDUs (ISO 7816-4 as Ledger uses it; doc/ethapp.adoc "APDU Command
 * payload encoding"): a command is CLA INS P1 P2 Lc data; a response is data followed by the
 * two status word bytes.
 */
import { StatusWordError } from './errors'
import { StatusWords, type StatusWord } from './statusWords'

export interface CommandApdu {
  cla: number
  ins: number
  p1: number
  p2: number
  data: Uint8Array
}

/** Parses a command APDU; a header shorter than 5 bytes or a wrong Lc answers 0x6700. */
export function parseCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) {
    throw new StatusWordError(StatusWords.WRONG_LENGTH, 'APDU shorter than its header')
  }
  // Case 1 APDUs (no data) may omit Lc.
  const [cla = 0, ins = 0, p1 = 0, p2 = 0, lc = 0] = bytes
  const data = bytes.subarray(5)
  if (data.length !== lc) {
    throw new StatusWordError(StatusWords.WRONG_LENGTH, 'Lc does not match the data length', {
      lc,
      length: data.length,
    })
  }
  return { cla, ins, p1, p2, data }
}

/** A response APDU: `data` then the status word, big endian. */
export function response(statusWord: StatusWord, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(data.length + 2)
  out.set(data)
  out[data.length] = statusWord >> 8
  out[data.length + 1] = statusWord & 0xff
  return out
}

/**
 * Reads a payload front to back. Reading past the end answers 0x6A80 (invalid data), as the
 * app does for a truncated payload.
 */
export class ByteReader {
  private offset = 0

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset
  }

  u8(what: string): number {
    return this.take(1, what)[0] ?? 0
  }

  u32(what: string): number {
    const b = this.take(4, what)
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0)
  }

  u64(what: string): bigint {
    const b = this.take(8, what)
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0)
  }

  take(length: number, what: string): Uint8Array {
    if (length > this.remaining) {
      throw new StatusWordError(StatusWords.INVALID_DATA, `payload too short for ${what}`, {
        needed: length,
        remaining: this.remaining,
      })
    }
    const out = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return out
  }

  rest(): Uint8Array {
    return this.take(this.remaining, 'the rest')
  }

  /** Ends parsing: leftover bytes are invalid data. */
  end(what: string): void {
    if (this.remaining !== 0) {
      throw new StatusWordError(StatusWords.INVALID_DATA, `unexpected bytes after ${what}`, {
        leftover: this.remaining,
      })
    }
  }
}
