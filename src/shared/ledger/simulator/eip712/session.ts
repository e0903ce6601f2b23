/**
 * The Ethereum app's EIP-712 context (`eip712_context` in app-ethereum): the struct
 * definitions the host sent (INS 0x1A), the walk over the struct implementation being sent
 * (INS 0x1C), and the resulting domain and message hashes that EIP712 SIGN (INS 0x0C, P2 0x01)
 * signs. The device computes both hashes itself from the values; it never takes a hash from
 * the host in this mode.
 */
import { ByteReader } from '../apdu'
import { StatusWordError } from '../errors'
import { StatusWords } from '../statusWords'
import type { DisplayedScreen } from '../types'
import { parseFieldDefinition, type StructField } from './fieldTypes'
import { hashStruct, type ImplementationRequest, type StructWalk } from './hashStruct'

/** The root struct name of the domain (`DOMAIN_STRUCT_NAME`). */
export const DOMAIN_STRUCT = 'EIP712Domain'

/** What EIP712 SIGN needs once both roots are implemented. */
export interface Eip712Result {
  domainHash: Uint8Array
  messageHash: Uint8Array
  primaryType: string
  domainScreens: DisplayedScreen[]
  messageScreens: DisplayedScreen[]
}

interface PendingValue {
  remaining: number
  chunks: Uint8Array[]
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

function outOfOrder(reason: string): StatusWordError {
  return new StatusWordError(StatusWords.CONDITIONS_NOT_SATISFIED, `EIP-712: ${reason}`)
}

function invalid(reason: string): StatusWordError {
  return new StatusWordError(StatusWords.INVALID_DATA, `EIP-712: ${reason}`)
}

export class Eip712Session {
  private readonly defs = new Map<string, StructField[]>()
  private currentStruct: string | null = null
  private implementing = false
  private root: string | null = null
  private walk: StructWalk<Uint8Array> | null = null
  private request: ImplementationRequest | null = null
  private pending: PendingValue | null = null
  private rootScreens: DisplayedScreen[] = []
  private domain: { hash: Uint8Array; screens: DisplayedScreen[] } | null = null
  private message: { hash: Uint8Array; screens: DisplayedScreen[]; primaryType: string } | null =
    null
  /** Set by EIP712 FILTERING "activate"; filters are accepted but never change the review. */
  filteringActivated = false

  /** STRUCT DEFINITION, P2 = struct name: starts a new struct type. */
  defineStruct(nameBytes: Uint8Array): void {
    if (this.implementing) throw outOfOrder('struct definitions must come before implementations')
    const name = utf8.decode(nameBytes)
    if (name.length === 0 || this.defs.has(name))
      throw invalid(`bad or repeated struct name '${name}'`)
    this.defs.set(name, [])
    this.currentStruct = name
  }

  /** STRUCT DEFINITION, P2 = struct field: appends a field to the struct being defined. */
  defineField(payload: Uint8Array): void {
    if (this.implementing) throw outOfOrder('struct definitions must come before implementations')
    const fields = this.currentStruct === null ? undefined : this.defs.get(this.currentStruct)
    if (!fields) throw invalid('a field definition came before any struct name')
    fields.push(parseFieldDefinition(payload))
  }

  /** STRUCT IMPLEMENTATION, P2 = root struct: starts the value of the domain or the message. */
  setRoot(nameBytes: Uint8Array): void {
    if (this.request !== null) throw outOfOrder(`struct '${this.root ?? ''}' is not complete`)
    const name = utf8.decode(nameBytes)
    if (!this.defs.has(name)) throw invalid(`root struct '${name}' was not defined`)
    this.implementing = true
    this.root = name
    this.rootScreens = []
    this.walk = hashStruct(this.defs, name, '', (screen) => this.rootScreens.push(screen))
    this.advance(this.walk.next())
  }

  /** STRUCT IMPLEMENTATION, P2 = array: the size of the array the next values belong to. */
  arraySize(payload: Uint8Array): void {
    if (this.request?.kind !== 'array-size' || !this.walk) throw invalid('no array expected here')
    const reader = new ByteReader(payload)
    const size = reader.u8('the array size')
    reader.end('the array size')
    this.advance(this.walk.next(size))
  }

  /**
   * STRUCT IMPLEMENTATION, P2 = struct field: a value (2-byte length, then the bytes), possibly
   * split over several APDUs with P1 = partial; only strings and dynamic bytes may be split.
   */
  fieldValue(payload: Uint8Array, partial: boolean): void {
    const request = this.request
    if (request?.kind !== 'value' || !this.walk) throw outOfOrder('no field value expected here')
    let chunk = payload
    if (this.pending === null) {
      const reader = new ByteReader(payload)
      const b0 = reader.u8('the value length')
      const b1 = reader.u8('the value length')
      this.pending = { remaining: (b0 << 8) | b1, chunks: [] }
      chunk = reader.rest()
    }
    const pending = this.pending
    if (chunk.length > pending.remaining)
      throw invalid(`${request.path}: more bytes than announced`)
    pending.remaining -= chunk.length
    pending.chunks.push(chunk)
    if (pending.remaining > 0) {
      const dynamic = request.type.kind === 'string' || request.type.kind === 'bytes'
      if (!partial || !dynamic) throw invalid(`${request.path}: value shorter than announced`)
      return
    }
    if (partial) throw invalid(`${request.path}: a complete value marked partial`)
    this.pending = null
    const value = new Uint8Array(pending.chunks.reduce((n, c) => n + c.length, 0))
    let at = 0
    for (const c of pending.chunks) {
      value.set(c, at)
      at += c.length
    }
    this.advance(this.walk.next(value))
  }

  /** The hashes and screens to sign, once the domain and a message are both complete. */
  result(): Eip712Result {
    if (!this.domain || !this.message || this.request !== null) {
      throw outOfOrder('the domain and the message must both be implemented before signing')
    }
    return {
      domainHash: this.domain.hash,
      messageHash: this.message.hash,
      primaryType: this.message.primaryType,
      domainScreens: this.domain.screens,
      messageScreens: this.message.screens,
    }
  }

  private advance(step: IteratorResult<ImplementationRequest, Uint8Array>): void {
    if (!step.done) {
      this.request = step.value
      return
    }
    const screens = this.rootScreens
    if (this.root === DOMAIN_STRUCT) this.domain = { hash: step.value, screens }
    else this.message = { hash: step.value, screens, primaryType: this.root ?? '' }
    this.walk = null
    this.request = null
    this.root = null
  }
}
