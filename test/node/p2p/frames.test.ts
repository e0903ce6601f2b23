import { describe, expect, it } from 'vitest'
import { P2PError } from '../../../src/node/p2p'
import { encodeFrame, FrameDecoder } from '../../../src/node/p2p/frames'

function decodeInPieces(
  bytes: Uint8Array,
  pieceLength: number,
  maxFrameBytes = 1024,
): Uint8Array[] {
  const decoder = new FrameDecoder(maxFrameBytes)
  const frames: Uint8Array[] = []
  for (let offset = 0; offset < bytes.length; offset += pieceLength) {
    frames.push(...decoder.push(bytes.subarray(offset, offset + pieceLength)))
  }
  expect(decoder.partial).toBe(false)
  return frames
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

describe('length-prefixed frames', () => {
  const payloads = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(700).fill(7)]
  const wire = concat(payloads.map((payload) => encodeFrame(payload, 1024)))

  it('prefixes a payload with its 4-byte big-endian length', () => {
    expect([...encodeFrame(new Uint8Array([9, 8]), 10)]).toEqual([0, 0, 0, 2, 9, 8])
  })

  it('reassembles frames however the stream splits them, empty frames included', () => {
    for (const pieceLength of [1, 2, 3, 5, 64, wire.length]) {
      expect(decodeInPieces(wire, pieceLength)).toEqual(payloads)
    }
  })

  it('reports a frame cut short as partial', () => {
    const decoder = new FrameDecoder(1024)
    expect(decoder.push(wire.subarray(0, 2))).toEqual([])
    expect(decoder.partial).toBe(true)
    expect(decoder.push(wire.subarray(2, 11))).toEqual([payloads[0], payloads[1]])
    expect(decoder.partial).toBe(false)
  })

  it('refuses an oversized frame from its header, before buffering the payload', () => {
    const decoder = new FrameDecoder(100)
    const header = new Uint8Array([0xff, 0xff, 0xff, 0xff])
    expect(() => decoder.push(header)).toThrow(P2PError)
    try {
      new FrameDecoder(100).push(encodeFrame(new Uint8Array(101), 1000).subarray(0, 4))
    } catch (error) {
      expect((error as P2PError).code).toBe('FRAME_TOO_LARGE')
      expect((error as P2PError).details).toEqual({ length: 101, maxBytes: 100 })
    }
    expect(() => encodeFrame(new Uint8Array(101), 100)).toThrow(/exceeds the limit/)
  })
})
