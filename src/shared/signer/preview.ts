/**
 * What the device will display for typed data, screen by screen, so the app can show the
 * same thing next to "Check your Ledger" and a test can compare it with what the simulated
 * device displayed.
 *
 * Full mode, as the Ethereum app shows typed data that has no clear-signing filters
 * (app-ethereum, src_features/signMessageEIP712/ui_logic.c, basic filtering mode): one
 * screen per leaf field, the domain's first (`name`, `version`, `chainId`,
 * `verifyingContract`), then the message's, in type order, depth first; the title is the
 * field's path (`action.amount`, `legs[1].symbol`); uints and ints in decimal, addresses in
 * EIP-55 checksum case, bytes as 0x-hex, bools as true/false, strings as they are. Nano models
 * end the review with the message hash (ui_712_message_hash); Stax and Flex do not. Hashed
 * mode shows the domain hash and the message hash. The simulated device
 * (src/shared/ledger/simulator) displays exactly these screens, which the tests check.
 */
import { getAddress } from 'viem'
import type { SigningMode } from './signingMode'
import {
  typedDataHashes,
  typesWithDomain,
  type TypedDataField,
  type TypedDataToSign,
} from './typedData'

/** One screen: a label and the value under it. */
export interface DeviceScreen {
  title: string
  value: string
}

export interface DevicePreviewOptions {
  /** @ledgerhq/devices model id; all but Stax and Flex end a full review with the message hash. */
  model?: string
}

/** Models with a large touch screen, which end a review without the message hash. */
const touchModels = new Set(['stax', 'europa', 'flex'])

/** The screens the device shows for `typedData` in `mode`. */
export function devicePreview(
  typedData: TypedDataToSign,
  mode: SigningMode,
  options: DevicePreviewOptions = {},
): DeviceScreen[] {
  const hashes = typedDataHashes(typedData)
  if (mode === 'hashed')
    return [
      { title: 'Domain hash', value: hashes.domainHash },
      { title: 'Message hash', value: hashes.messageHash },
    ]
  const types = typesWithDomain(typedData)
  const screens: DeviceScreen[] = []
  walkStruct(types, 'EIP712Domain', typedData.domain, '', screens)
  walkStruct(types, typedData.primaryType, typedData.message, '', screens)
  if (options.model === undefined || !touchModels.has(options.model))
    screens.push({ title: 'Message hash', value: hashes.messageHash })
  return screens
}

function walkStruct(
  types: Readonly<Record<string, readonly TypedDataField[]>>,
  typeName: string,
  value: object,
  prefix: string,
  screens: DeviceScreen[],
): void {
  const fields = types[typeName] ?? []
  const record = value as Record<string, unknown>
  for (const field of fields)
    walkValue(types, field.type, record[field.name], `${prefix}${field.name}`, screens)
}

function walkValue(
  types: Readonly<Record<string, readonly TypedDataField[]>>,
  type: string,
  value: unknown,
  title: string,
  screens: DeviceScreen[],
): void {
  const array = /^(.*)\[(\d*)\]$/.exec(type)
  if (array) {
    const items = Array.isArray(value) ? value : []
    items.forEach((item, i) => walkValue(types, array[1] ?? '', item, `${title}[${i}]`, screens))
    return
  }
  if (types[type]) {
    walkStruct(types, type, (value ?? {}) as object, `${title}.`, screens)
    return
  }
  screens.push({ title, value: formatAtomic(type, value) })
}

/** A value of an atomic EIP-712 type as the device prints it. */
export function formatAtomic(type: string, value: unknown): string {
  if (type === 'address') return getAddress(String(value))
  if (type === 'bool') return value === true || value === 'true' ? 'true' : 'false'
  if (type.startsWith('uint') || type.startsWith('int')) return BigInt(value as bigint).toString()
  if (type.startsWith('bytes')) return String(value).toLowerCase()
  return String(value)
}
