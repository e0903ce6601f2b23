/**
 * An `@ledgerhq/hw-transport` Transport whose far end is a simulated device instead of USB or
 * Bluetooth. Exchanges go through Transport's own `exchangeAtomicImpl`, so a second exchange
 * on the same transport while one is pending fails with hw-transport's `TransportRaceCondition`,
 * and the "unresponsive" / "responsive" events fire for a slow user, as with a real device.
 */
import Transport from '@ledgerhq/hw-transport'

/** The device end of a simulated transport. */
export interface SimulatedLink {
  /** Sends a command APDU; resolves with response data ‖ status word. */
  exchange(apdu: Uint8Array): Promise<Uint8Array>
  /** The transport was closed: stop sending it device events. */
  detach(transport: SimulatedTransport): void
}

/**
 * hw-transport's API is Buffer-based (its `send` reads the status word with
 * `readUInt16BE`), so responses must be Buffers. In the renderer the same global `Buffer`
 * polyfill that @ledgerhq/hw-transport-webhid needs provides it.
 */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export class SimulatedTransport extends Transport {
  constructor(private readonly link: SimulatedLink) {
    super()
  }

  override exchange(apdu: Buffer): Promise<Buffer> {
    return this.exchangeAtomicImpl(async () =>
      toBuffer(await this.link.exchange(Uint8Array.from(apdu))),
    )
  }

  override async close(): Promise<void> {
    this.link.detach(this)
  }
}
