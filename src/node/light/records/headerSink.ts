/**
 * Plugs the records store into the light client: every block the client verifies is recorded
 * (idempotently), so the records hold each header the institution's records are proven against.
 */
import type { HeaderSink, LightBlock } from '../types'
import type { RecordStore } from './RecordStore'

/**
 * @example
 * const records = RecordStore.open({ path, key })
 * const client = new LightClient({ …, sink: recordsHeaderSink(records) })
 */
export function recordsHeaderSink(records: RecordStore): HeaderSink {
  return {
    onVerified(block: LightBlock): void {
      records.putBlock(block)
    },
  }
}
