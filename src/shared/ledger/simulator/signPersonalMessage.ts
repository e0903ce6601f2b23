/**
 * SIGN ETH PERSONAL MESSAGE (INS 0x08; doc/apdu.md, app-ethereum cmd_sign_message.c).
 *
 * The message streams in chunks: P1 0x00 carries the BIP-32 path, the 4-byte message length
 * and the first bytes; P1 0x80 carries more bytes. Intermediate chunks answer 0x9000 with no
 * data. When all bytes are in, the device shows the message (as text when every byte is
 * printable ASCII or white space, else as 0x hex) and, if approved, signs EIP-191's
 * keccak256("\x19Ethereum Signed Message:\n" ‖ decimal length ‖ message), answering v r s.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { ByteReader, type CommandApdu } from './apdu'
import type { AppEnvironment } from './appEnvironment'
import { readPath } from './bip32Path'
import { StatusWordError } from './errors'
import { StatusWords } from './statusWords'

const P1_FIRST = 0x00
const P1_MORE = 0x80
const MAX_MESSAGE_LENGTH = 0xffff

interface MessageInProgress {
  path: number[]
  length: number
  chunks: Uint8Array[]
  received: number
}

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)
}

/** How the device shows a message (Nano models turn every white space into a space). */
export function displayMessage(message: Uint8Array, nano: boolean): string {
  if (!message.every((b) => isPrintable(b) || isSpace(b))) return `0x${bytesToHex(message)}`
  const shown = nano ? message.map((b) => (isSpace(b) ? 0x20 : b)) : message
  return new TextDecoder().decode(shown)
}

export class PersonalMessageSigner {
  private message: MessageInProgress | null = null

  reset(): void {
    this.message = null
  }

  async handle(command: CommandApdu, env: AppEnvironment): Promise<Uint8Array> {
    try {
      return await this.process(command, env)
    } catch (error) {
      this.message = null
      throw error
    }
  }

  private async process(command: CommandApdu, env: AppEnvironment): Promise<Uint8Array> {
    let chunk: Uint8Array
    if (command.p1 === P1_FIRST) {
      if (this.message !== null) {
        throw new StatusWordError(
          StatusWords.COMMAND_NOT_ALLOWED,
          'a personal message is already in progress',
        )
      }
      const reader = new ByteReader(command.data)
      const path = readPath(reader)
      const length = reader.u32('the message length')
      if (length > MAX_MESSAGE_LENGTH) {
        throw new StatusWordError(
          StatusWords.INVALID_DATA,
          'personal message longer than 65535 bytes',
        )
      }
      this.message = { path, length, chunks: [], received: 0 }
      chunk = reader.rest()
    } else if (command.p1 === P1_MORE) {
      if (this.message === null) {
        throw new StatusWordError(
          StatusWords.INVALID_DATA,
          'a message chunk came before the first one',
        )
      }
      chunk = command.data
    } else {
      throw new StatusWordError(StatusWords.WRONG_P1_P2, 'SIGN PERSONAL MESSAGE: unexpected P1')
    }

    const message = this.message
    if (message.received + chunk.length > message.length) {
      throw new StatusWordError(StatusWords.INVALID_DATA, 'more message bytes than announced')
    }
    message.chunks.push(chunk)
    message.received += chunk.length
    if (message.received < message.length) return new Uint8Array(0)

    this.message = null
    const bytes = concatBytes(...message.chunks)
    const approved = await env.review('personal-message', [
      { title: 'Message', value: displayMessage(bytes, env.model !== 'stax') },
    ])
    if (!approved) {
      throw new StatusWordError(
        StatusWords.CONDITIONS_NOT_SATISFIED,
        'the user rejected the message',
      )
    }
    const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${bytes.length}`)
    return env.keyring.sign(message.path, keccak_256(concatBytes(prefix, bytes)))
  }
}
