/**
 * Length-prefixed frames: a 4-byte big-endian unsigned length, then that many bytes.
 *
 * The decoder checks the length against its limit as soon as the 4 header bytes are in, so a
 * peer that announces an oversized frame is refused before any of its payload is buffered.
 */
import { P2PError } from './errors'

export const FRAME_HEADER_BYTES = 4
/** The largest length a header can carry. */
export const MAX_FRAME_LENGTH = 0xffff_ffff

/**
 * Prefixes `payload` with its length.
 *
 * @throws P2PError `FRAME_TOO_LARGE` when `payload` is longer than `maxBytes`.
 */
export function encodeFrame(payload: Uint8Array, maxBytes: number): Uint8Array {
  if (payload.length > maxBytes || payload.length > MAX_FRAME_LENGTH) {
    throw new P2PError('FRAME_TOO_LARGE', `A frame of ${payload.length} bytes exceeds the limit`, {
      details: { length: payload.length, maxBytes },
    })
  }
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length)
  new DataView(frame.buffer).setUint32(0, payload.length)
  frame.set(payload, FRAME_HEADER_BYTES)
  return frame
}

/** Reassembles frames from chunks as they come off a stream. */
export class FrameDecoder {
  private readonly header = new Uint8Array(FRAME_HEADER_BYTES)
  private headerFilled = 0
  private body: Uint8Array | null = null
  private bodyFilled = 0

  constructor(readonly maxFrameBytes: number) {}

  /** True when a frame has started but not finished (the stream ended mid-frame). */
  get partial(): boolean {
    return this.headerFilled > 0 || this.body !== null
  }

  /**
   * Feeds a chunk and returns the frames it completes, in order.
   *
   * @throws P2PError `FRAME_TOO_LARGE` when a header announces more than `maxFrameBytes`; the
   *   decoder is then unusable and the stream should be aborted.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = []
    let offset = 0
    while (offset < chunk.length) {
      if (this.body === null) {
        const take = Math.min(FRAME_HEADER_BYTES - this.headerFilled, chunk.length - offset)
        this.header.set(chunk.subarray(offset, offset + take), this.headerFilled)
        this.headerFilled += take
        offset += take
        if (this.headerFilled < FRAME_HEADER_BYTES) break
        const length = new DataView(this.header.buffer).getUint32(0)
        if (length > this.maxFrameBytes) {
          throw new P2PError('FRAME_TOO_LARGE', `Peer announced a frame of ${length} bytes`, {
            details: { length, maxBytes: this.maxFrameBytes },
          })
        }
        this.headerFilled = 0
        if (length === 0) {
          frames.push(new Uint8Array(0))
          continue
        }
        this.body = new Uint8Array(length)
        this.bodyFilled = 0
      }
      const take = Math.min(this.body.length - this.bodyFilled, chunk.length - offset)
      this.body.set(chunk.subarray(offset, offset + take), this.bodyFilled)
      this.bodyFilled += take
      offset += take
      if (this.bodyFilled === this.body.length) {
        frames.push(this.body)
        this.body = null
      }
    }
    return frames
  }
}
