/**
 * Which EIP-712 command the Ethereum app can clear-sign with.
 *
 * - `full` (SIGN_ETH_EIP_712 with P2 = 0x01, "full implementation"): the host sends the type
 *   definitions and every field's value; the device shows each field and hashes them itself.
 *   Every Custos action is signed this way wherever the app can do it.
 * - `hashed` (P2 = 0x00, "v0"): the host sends only the domain separator and hashStruct; the
 *   device shows the two hashes. Used only where the app cannot do better: a Nano S (its app is
 *   built without HAVE_EIP712_FULL_SUPPORT) or an app older than the full implementation. The
 *   person must then compare the hashes shown by the app with the ones on the device.
 *
 * The version is read with GET_APP_CONFIGURATION (E0 06), the model from the transport's USB
 * product id (@ledgerhq/devices).
 */

export type SigningMode = 'full' | 'hashed'

/** The first Ethereum app version with the full EIP-712 implementation. */
export const FULL_EIP712_MIN_VERSION = '1.9.19'

/** Device models whose Ethereum app has no full EIP-712 implementation. */
const hashedOnlyModels = new Set(['nanoS'])

export interface EthereumAppInfo {
  /** The open app's name (B0 01), "Ethereum" when the right app is open. */
  name: string
  /** The Ethereum app version (E0 06), e.g. "1.13.0". */
  version: string
  /** True when the app's blind-signing ("contract data") setting is on. */
  blindSigningEnabled: boolean
  /** @ledgerhq/devices model id ("nanoS", "nanoSP", "nanoX", "stax", "europa"), if known. */
  model?: string
}

export interface SigningModeChoice {
  mode: SigningMode
  /** Why, in words, for the app's warning when the mode is `hashed`. */
  reason: string
}

/** `full` unless the device model or the app version cannot do it. */
export function signingModeFor(app: EthereumAppInfo): SigningModeChoice {
  if (app.model !== undefined && hashedOnlyModels.has(app.model))
    return {
      mode: 'hashed',
      reason: `a Ledger ${app.model === 'nanoS' ? 'Nano S' : app.model} cannot show EIP-712 fields`,
    }
  if (compareVersions(app.version, FULL_EIP712_MIN_VERSION) < 0)
    return {
      mode: 'hashed',
      reason: `Ethereum app ${app.version} is older than ${FULL_EIP712_MIN_VERSION}, the first to show EIP-712 fields; update it in Ledger Live`,
    }
  return { mode: 'full', reason: `Ethereum app ${app.version} shows every field` }
}

/** Compares dotted numeric versions (pre-release suffixes ignored): -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string): number[] =>
    v
      .split('-')[0]
      ?.split('.')
      .map((n) => Number.parseInt(n, 10) || 0) ?? []
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}
