/**
 * The zod building blocks every channel of the IPC contract uses: the JSON-safe forms of the
 * protocol's values (addresses and ids as lowercase hex, integers as decimal strings), so a
 * request is checked the same way whether it came over Electron IPC or the web bridge.
 */
import { z } from 'zod'

/** A 0x-prefixed 20-byte address, lowercased. */
export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
  .transform((value) => value.toLowerCase() as `0x${string}`)

/** A 0x-prefixed 32-byte id or hash, lowercased. */
export const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x-prefixed 32-byte hex')
  .transform((value) => value.toLowerCase() as `0x${string}`)

/** A whole number written in decimal (bigints cross the bridge as strings). */
export const decimal = z
  .string()
  .regex(/^(0|[1-9]\d*)$/, 'must be a whole number written in decimal, e.g. "1000"')

/** A positive amount in the token's smallest unit, in decimal. */
export const amount = decimal.refine((value) => value !== '0', 'must be more than 0')

/** A token symbol (docs/protocol.md): 1–12 of A–Z 0–9 . -, starting with a letter. */
export const symbol = z
  .string()
  .regex(/^[A-Z][A-Z0-9.-]{0,11}$/, 'must be a token symbol, e.g. EURD')

/** A device id as the device list gives it (`simulated-0`, a HID path, …). */
export const deviceId = z.string().min(1).max(200)

/** A BIP-32 derivation path as people write it, e.g. `m/44'/60'/0'/0/0`. */
export const derivationPath = z
  .string()
  .regex(/^m(\/\d+'?)+$/, "must be a path like m/44'/60'/0'/0/0")

/** Which key on which device signs: the device and the key's path on it. */
export const deviceKey = z.strictObject({ deviceId, path: derivationPath })

/** One screen of a device review: a label and the value under it. */
export const deviceScreen = z.object({ title: z.string(), value: z.string() })

/** An empty request. */
export const noRequest = z.strictObject({})
