/**
 * The Ethereum app's EIP-712 commands (doc/ethapp.adoc; app-ethereum commands_712.c and
 * cmd_signMessage712.c):
 *
 * - 0x1A EIP712 SEND STRUCT DEFINITION: P2 0x00 struct name, 0xFF struct field.
 * - 0x1C EIP712 SEND STRUCT IMPLEMENTATION: P2 0x00 root struct, 0x0F array size, 0xFF field
 *   value; P1 0x00 complete, otherwise partial (more of the value follows).
 * - 0x1E EIP712 FILTERING: accepted and ignored. Filters carry Ledger-signed display names the
 *   simulator cannot verify; without them (hw-app-eth with no CAL service) none are sent.
 * - 0x0C SIGN ETH EIP 712: P2 0x01 signs the hashes the device computed from the
 *   implementation ("full implementation"); P2 0x00 ("v0") signs a domain hash and message hash
 *   given by the host, which needs the Blind signing setting.
 *
 * Any error ends the EIP-712 context (`eip712_context_deinit`), as on the device.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js'
import { ByteReader, type CommandApdu } from '../apdu'
import type { AppEnvironment } from '../appEnvironment'
import { readPath } from '../bip32Path'
import { StatusWordError } from '../errors'
import { StatusWords } from '../statusWords'
import type { DisplayedScreen } from '../types'
import { Eip712Session } from './session'

export const INS_EIP712_SIGN = 0x0c
export const INS_EIP712_STRUCT_DEF = 0x1a
export const INS_EIP712_STRUCT_IMPL = 0x1c
export const INS_EIP712_FILTERING = 0x1e

const P2_SIGN_V0 = 0x00
const P2_SIGN_FULL = 0x01
const P2_NAME = 0x00
const P2_ARRAY = 0x0f
const P2_FIELD = 0xff
const P2_FILTER_ACTIVATE = 0x00
const FILTER_P2S = new Set([0x01, 0x0f, 0xfb, 0xfc, 0xfd, 0xfe, 0xff])

const hex = (bytes: Uint8Array): string => `0x${bytesToHex(bytes)}`

function wrongP1P2(what: string): StatusWordError {
  return new StatusWordError(StatusWords.WRONG_P1_P2, `${what}: unexpected P1/P2`)
}

/** EIP-712 "Specification of the eth_signTypedData JSON RPC": keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)). */
function typedDataDigest(domainHash: Uint8Array, messageHash: Uint8Array): Uint8Array {
  return keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainHash, messageHash))
}

export class Eip712Commands {
  private session: Eip712Session | null = null

  constructor(private readonly env: AppEnvironment) {}

  reset(): void {
    this.session = null
  }

  async handle(command: CommandApdu): Promise<Uint8Array> {
    try {
      return await this.dispatch(command)
    } catch (error) {
      this.session = null
      throw error
    }
  }

  private async dispatch(command: CommandApdu): Promise<Uint8Array> {
    const { ins, p1, p2, data } = command
    const empty = new Uint8Array(0)
    switch (ins) {
      case INS_EIP712_STRUCT_DEF: {
        const session = (this.session ??= new Eip712Session())
        if (p2 === P2_NAME) session.defineStruct(data)
        else if (p2 === P2_FIELD) session.defineField(data)
        else throw wrongP1P2('EIP712 STRUCT DEFINITION')
        return empty
      }
      case INS_EIP712_STRUCT_IMPL: {
        const session = this.requireSession()
        if (p2 === P2_NAME) session.setRoot(data)
        else if (p2 === P2_ARRAY) session.arraySize(data)
        else if (p2 === P2_FIELD) session.fieldValue(data, p1 !== 0x00)
        else throw wrongP1P2('EIP712 STRUCT IMPLEMENTATION')
        return empty
      }
      case INS_EIP712_FILTERING: {
        const session = this.requireSession()
        if (p2 === P2_FILTER_ACTIVATE) session.filteringActivated = true
        else if (!FILTER_P2S.has(p2)) throw wrongP1P2('EIP712 FILTERING')
        return empty
      }
      case INS_EIP712_SIGN:
        if (p2 === P2_SIGN_FULL && this.env.model !== 'nanoS') return this.signFull(data)
        if (p2 === P2_SIGN_V0 && p1 === 0x00) return this.signHashed(data)
        throw wrongP1P2('SIGN ETH EIP 712')
      default:
        throw new StatusWordError(
          StatusWords.INS_NOT_SUPPORTED,
          `INS 0x${ins.toString(16)} is not EIP-712`,
        )
    }
  }

  private requireSession(): Eip712Session {
    if (!this.session) {
      throw new StatusWordError(
        StatusWords.CONDITIONS_NOT_SATISFIED,
        'EIP-712: no struct definitions yet',
      )
    }
    return this.session
  }

  /** Full implementation: sign what the device hashed itself, after the user reviewed every field. */
  private async signFull(payload: Uint8Array): Promise<Uint8Array> {
    const result = this.requireSession().result()
    const path = readPath(new ByteReader(payload))
    this.session = null
    const screens: DisplayedScreen[] = [...result.domainScreens, ...result.messageScreens]
    // Nano models end a review without filters on the message hash (ui_712_message_hash).
    if (this.env.model !== 'stax')
      screens.push({ title: 'Message hash', value: hex(result.messageHash) })
    if (!(await this.env.review('eip712', screens))) {
      throw new StatusWordError(
        StatusWords.CONDITIONS_NOT_SATISFIED,
        'the user rejected the typed data',
      )
    }
    return this.env.keyring.sign(path, typedDataDigest(result.domainHash, result.messageHash))
  }

  /** v0: the host gives both hashes; the device can show only them, so it needs blind signing. */
  private async signHashed(payload: Uint8Array): Promise<Uint8Array> {
    this.session = null
    const reader = new ByteReader(payload)
    const path = readPath(reader)
    const domainHash = reader.take(32, 'the domain hash')
    const messageHash = reader.take(32, 'the message hash')
    if (!this.env.blindSigning()) {
      throw new StatusWordError(
        StatusWords.INVALID_DATA,
        'hashed EIP-712 needs Blind signing enabled',
      )
    }
    const screens = [
      { title: 'Domain hash', value: hex(domainHash) },
      { title: 'Message hash', value: hex(messageHash) },
    ]
    if (!(await this.env.review('eip712-hashed', screens))) {
      throw new StatusWordError(
        StatusWords.CONDITIONS_NOT_SATISFIED,
        'the user rejected the hashes',
      )
    }
    return this.env.keyring.sign(path, typedDataDigest(domainHash, messageHash))
  }
}
