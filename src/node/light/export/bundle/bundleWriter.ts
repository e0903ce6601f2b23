/**
 * Writes a bundle as JSON text in pieces, so an export of any size streams to its file: the
 * top-level fields, then each record, light block and audit entry on a line of its own (an
 * auditor can page or grep it). Records come first because the light blocks a bundle needs
 * are known only once every record has been seen.
 */
import type { Address, Hex } from '../../../protocol/messages'
import {
  BUNDLE_FORMAT,
  type AuditEntryJson,
  type BundleRecordJson,
  type FilterJson,
} from './format'
import type { LightBlockJson } from './lightBlockJson'

export interface BundleHead {
  chain: { chainId: string; verifyingContract: Address }
  exportedAt: string
  filter: FilterJson
  trustedRoot: { height: string; hash: Hex }
}

type Section = 'records' | 'lightBlocks' | 'auditLog'

export class BundleWriter {
  private section: Section = 'records'
  private first = true

  /** `write` receives the text in order; it is called once per item. */
  constructor(
    private readonly write: (text: string) => void,
    head: BundleHead,
  ) {
    write(
      `{"format":${JSON.stringify(BUNDLE_FORMAT)},` +
        `"chain":${JSON.stringify(head.chain)},` +
        `"exportedAt":${JSON.stringify(head.exportedAt)},` +
        `"filter":${JSON.stringify(head.filter)},` +
        `"trustedRoot":${JSON.stringify(head.trustedRoot)},\n"records":[`,
    )
  }

  private item(section: Section, value: unknown): void {
    if (section !== this.section) this.open(section)
    this.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(value)}`)
    this.first = false
  }

  private open(section: Section): void {
    const order: Section[] = ['records', 'lightBlocks', 'auditLog']
    if (order.indexOf(section) < order.indexOf(this.section))
      throw new Error(`bundle section ${section} comes before ${this.section}`)
    while (this.section !== section) {
      const next = order[order.indexOf(this.section) + 1] as Section
      this.write(`\n],"${next}":[`)
      this.section = next
      this.first = true
    }
  }

  record(record: BundleRecordJson): void {
    this.item('records', record)
  }

  lightBlock(block: LightBlockJson): void {
    this.item('lightBlocks', block)
  }

  auditEntry(entry: AuditEntryJson): void {
    this.item('auditLog', entry)
  }

  /** Closes every section still open and the document. */
  end(): void {
    this.open('auditLog')
    this.write('\n]}\n')
  }
}
