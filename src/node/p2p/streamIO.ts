/**
 * Small helpers over libp2p 3 streams, which are event emitters with `send()` (returns false
 * when the caller should wait for 'drain') rather than the duplex iterables of libp2p 2.
 */
import type { Stream, StreamCloseEvent, StreamMessageEvent } from '@libp2p/interface'
import { P2PError } from './errors'
import { FrameDecoder } from './frames'

/** A chunk as streams deliver it: bytes, or a `Uint8ArrayList` of them. */
type StreamChunk = Uint8Array | { subarray(): Uint8Array }

function chunkBytes(chunk: StreamChunk): Uint8Array {
  return chunk instanceof Uint8Array ? chunk : chunk.subarray()
}

/** Queues `bytes` on the stream and waits for 'drain' when the stream asks for it. */
export async function writeBytes(
  stream: Stream,
  bytes: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  if (!stream.send(bytes)) await stream.onDrain({ signal })
}

/**
 * Passes every frame the remote writes to `onFrame`, in order, until the remote closes its
 * writable end.
 *
 * Resolves on a clean end. Rejects, and aborts the stream, with `FRAME_TOO_LARGE` when a frame
 * announces more than `maxFrameBytes`, with `STREAM_FAILED` on a reset or an end mid-frame, with
 * whatever `onFrame` throws, or with the signal's reason when `signal` aborts.
 */
export function readFrames(
  stream: Stream,
  maxFrameBytes: number,
  onFrame: (frame: Uint8Array) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const decoder = new FrameDecoder(maxFrameBytes)
    let settled = false

    const finish = (error?: unknown): void => {
      if (settled) return
      settled = true
      stream.removeEventListener('message', onMessage)
      stream.removeEventListener('end', onEnd)
      stream.removeEventListener('close', onClose)
      signal?.removeEventListener('abort', onAbort)
      if (error === undefined) resolve()
      else reject(error)
    }
    const fail = (error: unknown): void => {
      // Settle first: abort() emits 'end' and 'close' synchronously.
      finish(error)
      stream.abort(error instanceof Error ? error : new Error(String(error)))
    }
    const onMessage = (event: StreamMessageEvent): void => {
      if (settled) return
      try {
        for (const frame of decoder.push(chunkBytes(event.data))) {
          onFrame(frame)
          if (settled) return
        }
      } catch (error) {
        fail(error)
      }
    }
    const onEnd = (): void => {
      if (decoder.partial) {
        finish(new P2PError('STREAM_FAILED', 'The stream ended in the middle of a frame'))
      } else {
        finish()
      }
    }
    const onClose = (event: StreamCloseEvent): void => {
      if (event.error !== undefined) {
        finish(new P2PError('STREAM_FAILED', 'The stream was reset', { cause: event.error }))
      } else {
        onEnd()
      }
    }
    const onAbort = (): void => fail(signal?.reason)

    if (signal?.aborted === true) {
      fail(signal.reason)
      return
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    stream.addEventListener('message', onMessage)
    stream.addEventListener('end', onEnd)
    stream.addEventListener('close', onClose)
    if (stream.status === 'aborted' || stream.status === 'reset') {
      finish(new P2PError('STREAM_FAILED', `The stream was ${stream.status}`))
    } else if (stream.readableEnded) {
      onEnd()
    }
  })
}
