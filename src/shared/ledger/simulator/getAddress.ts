/**
 * GET ETH PUBLIC ADDRESS (INS 0x02; doc/apdu.md, app-ethereum cmd_get_public_key.c).
 *
 * P1 0x00 returns the address, 0x01 displays it and waits for the user; P2 0x01 adds the
 * chain code. The payload is a BIP-32 path, optionally followed by an 8-byte chain id that
 * only changes what is displayed. Output: public key length (65), the uncompressed public key,
 * address length (40), the EIP-55 address as ASCII hex without 0x, then the chain code if
 * asked.
 */
import { ByteReader, type CommandApdu } from './apdu'
import { checksumAddress } from './address'
import type { AppEnvironment } from './appEnvironment'
import { readPath } from './bip32Path'
import { StatusWordError } from './errors'
import { StatusWords } from './statusWords'
import type { DisplayedScreen } from './types'

const P1_RETURN = 0x00
const P1_DISPLAY = 0x01
const P2_NO_CHAIN_CODE = 0x00
const P2_CHAIN_CODE = 0x01
/** The chain the Ethereum app is built for; another chain id is shown on the review. */
const APP_CHAIN_ID = 1n

export async function getAddress(command: CommandApdu, env: AppEnvironment): Promise<Uint8Array> {
  const { p1, p2 } = command
  if (
    (p1 !== P1_RETURN && p1 !== P1_DISPLAY) ||
    (p2 !== P2_NO_CHAIN_CODE && p2 !== P2_CHAIN_CODE)
  ) {
    throw new StatusWordError(StatusWords.WRONG_P1_P2, 'GET ETH PUBLIC ADDRESS: unexpected P1/P2')
  }
  const reader = new ByteReader(command.data)
  const path = readPath(reader)
  const chainId = reader.remaining >= 8 ? reader.u64('the chain id') : APP_CHAIN_ID
  reader.end('the BIP-32 path and chain id')

  const key = env.keyring.derive(path)
  const address = checksumAddress(key.address)
  if (p1 === P1_DISPLAY) {
    const screens: DisplayedScreen[] = [{ title: 'Address', value: address }]
    if (chainId !== APP_CHAIN_ID) screens.push({ title: 'Chain ID', value: chainId.toString() })
    if (!(await env.review('address', screens))) {
      throw new StatusWordError(
        StatusWords.CONDITIONS_NOT_SATISFIED,
        'the user rejected the address',
      )
    }
  }

  const ascii = new TextEncoder().encode(address.slice(2))
  const chainCode = p2 === P2_CHAIN_CODE ? key.chainCode : new Uint8Array(0)
  const out = new Uint8Array(1 + key.publicKey.length + 1 + ascii.length + chainCode.length)
  let at = 0
  out[at++] = key.publicKey.length
  out.set(key.publicKey, at)
  at += key.publicKey.length
  out[at++] = ascii.length
  out.set(ascii, at)
  at += ascii.length
  out.set(chainCode, at)
  return out
}
