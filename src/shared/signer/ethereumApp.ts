/**
 * The Ethereum app's commands this signer uses, through the real @ledgerhq/hw-app-eth over
 * any `Transport` ("app-ethereum/doc/ethapp.adoc"):
 * - GET APP AND VERSION (B0 01, answered by the OS or the open app) — which app is open;
 * - GET APP CONFIGURATION (E0 06) — the Ethereum app's version and blind-signing flag;
 * - GET ETH PUBLIC ADDRESS (E0 02) — an address, without showing it;
 * - SIGN ETH EIP 712 (E0 0C, with the struct definitions E0 1A and values E0 1C before it).
 *
 * hw-app-eth would otherwise ask Ledger's servers for clear-signing filters (the CAL service)
 * and token lists (cryptoassets): every URL is switched off here, so no request leaves the
 * machine. Custos messages have no CAL entry anyway; the device then shows each field under
 * its own name.
 */
import Eth from '@ledgerhq/hw-app-eth'
import type Transport from '@ledgerhq/hw-transport'
import { DeviceError, UnsendableTypedData } from './errors'
import type { EthereumAppInfo } from './signingMode'
import type { DeviceJsonValue, DeviceTypedData, Hex, TypedDataField } from './typedData'

/** hw-app-eth's service configuration with every network lookup turned off. */
export const offlineLoadConfig = {
  nftExplorerBaseURL: null,
  pluginBaseURL: null,
  extraPlugins: null,
  cryptoassetsBaseURL: null,
  calServiceURL: null,
  staticERC20Signatures: null,
  staticEIP712SignaturesV1: null,
  staticEIP712SignaturesV2: null,
} as const

/** The app-level API of one open transport. */
export function ethereumApp(transport: Transport): Eth {
  return new Eth(transport, 'w0w', { ...offlineLoadConfig })
}

/** The app's name as GET APP AND VERSION answers: "Ethereum", or "BOLOS" on the dashboard. */
export async function openAppName(transport: Transport): Promise<string> {
  const answer = await transport.send(0xb0, 0x01, 0x00, 0x00)
  // format 0x01 ‖ nameLength ‖ name ‖ versionLength ‖ version ‖ … ‖ status word
  const nameLength = answer[1] ?? 0
  return new TextDecoder().decode(answer.subarray(2, 2 + nameLength))
}

/**
 * Checks that the Ethereum app is open and reads its version and settings. Throws
 * `DeviceError('app-not-open')` naming the app that is open instead.
 */
export async function readAppInfo(transport: Transport, eth: Eth): Promise<EthereumAppInfo> {
  const name = await openAppName(transport)
  if (name !== 'Ethereum')
    throw new DeviceError('app-not-open', {
      message:
        name === 'BOLOS' || name === ''
          ? 'No app is open on your Ledger. Unlock your Ledger and open the Ethereum app, then try again.'
          : `The ${name} app is open on your Ledger. Close it and open the Ethereum app, then try again.`,
      details: { openApp: name },
    })
  const config = await eth.getAppConfiguration()
  const model = transport.deviceModel?.id
  return {
    name,
    version: config.version,
    blindSigningEnabled: config.arbitraryDataEnabled !== 0,
    ...(model === undefined ? {} : { model: String(model) }),
  }
}

/** A 65-byte r ‖ s ‖ v signature from the app's answer (v = 27 or 28). */
export function signatureHex(answer: { v: number | string; r: string; s: string }): Hex {
  let v = typeof answer.v === 'string' ? Number.parseInt(answer.v, 16) : answer.v
  if (v < 27) v += 27
  const word = (hex: string): string => hex.replace(/^0x/, '').padStart(64, '0')
  return `0x${word(answer.r)}${word(answer.s)}${v.toString(16).padStart(2, '0')}`
}

/** SIGN ETH EIP 712 in full mode: every type and value goes to the device. */
export async function signFull(eth: Eth, path: string, typedData: DeviceTypedData): Promise<Hex> {
  checkSendable(typedData)
  return signatureHex(
    await eth.signEIP712Message(
      path,
      typedData as unknown as Parameters<Eth['signEIP712Message']>[1],
    ),
  )
}

/** SIGN ETH EIP 712 in hashed mode ("v0"): only the two hashes go to the device. */
export async function signHashed(
  eth: Eth,
  path: string,
  domainHash: Hex,
  messageHash: Hex,
): Promise<Hex> {
  return signatureHex(
    await eth.signEIP712HashedMessage(path, domainHash.slice(2), messageHash.slice(2)),
  )
}

/**
 * hw-app-eth 7.9 splits a field value of L bytes (2-byte length prefix included) into
 * ceil(L / 256) APDUs of at most 255 bytes, so a value with L = 256 (a 254-byte string or
 * bytes) loses its last byte and the device refuses it. Such data is refused here, before
 * the person is asked to review anything.
 */
export function checkSendable(typedData: DeviceTypedData): void {
  const visit = (type: string, value: DeviceJsonValue | undefined, path: string): void => {
    const array = /^(.*)\[\d*\]$/.exec(type)
    if (array) {
      if (Array.isArray(value)) value.forEach((v, i) => visit(array[1] ?? '', v, `${path}[${i}]`))
      return
    }
    const struct: TypedDataField[] | undefined = typedData.types[type]
    if (struct) {
      const record = (value ?? {}) as { [key: string]: DeviceJsonValue }
      for (const f of struct)
        visit(f.type, record[f.name], path === '' ? f.name : `${path}.${f.name}`)
      return
    }
    const bytes =
      type === 'string'
        ? new TextEncoder().encode(String(value ?? '')).length
        : type === 'bytes'
          ? (String(value ?? '0x').length - 2) / 2
          : 0
    const sent = bytes + 2
    if (bytes > 0 && Math.ceil(sent / 256) * 255 < sent)
      throw new UnsendableTypedData(
        `${path} is ${bytes} bytes long, a length the Ledger library cannot send intact; shorten or lengthen it by one character and try again`,
        { path, bytes },
      )
  }
  visit('EIP712Domain', typedData.domain, '')
  visit(typedData.primaryType, typedData.message, '')
}
