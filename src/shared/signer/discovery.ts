/**
 * Finding a person's key on their device: which path holds a known address (a member's
 * registered address), and BIP-44 account discovery ("Account discovery": scan addresses in
 * order and stop after a gap of unused ones).
 */
import type { DerivedAddress, DeviceRequestOptions, LedgerSigner } from './LedgerSigner'
import { pathTemplates, type PathTemplate } from './paths'

export interface FindAddressOptions extends DeviceRequestOptions {
  /** How many indexes of each template to try (default 10). */
  limit?: number
  templates?: readonly PathTemplate[]
}

/**
 * The path under which the device holds `address`, trying indexes 0 … limit - 1 of each
 * template (index 0 once: both templates share m/44'/60'/0'/0/0). Undefined if none.
 */
export async function findAddress(
  signer: Pick<LedgerSigner, 'getAddresses'>,
  address: string,
  options: FindAddressOptions = {},
): Promise<DerivedAddress | undefined> {
  const wanted = address.toLowerCase()
  const templates = options.templates ?? pathTemplates
  const limit = options.limit ?? 10
  for (const [t, template] of templates.entries()) {
    const from = t === 0 ? 0 : 1
    if (limit <= from) continue
    const derived = await signer.getAddresses(template, from, limit - from, options)
    const match = derived.find((d) => d.address === wanted)
    if (match) return match
  }
  return undefined
}

export interface DiscoverAddressesOptions extends DeviceRequestOptions {
  /** Stop after this many unused addresses in a row (default 5). */
  gap?: number
}

/**
 * The used addresses of `template`, scanning from index 0 until `gap` consecutive unused
 * ones (`isUsed` asks the chain, e.g. whether the address has a nonce or a membership).
 */
export async function discoverAddresses(
  signer: Pick<LedgerSigner, 'getAddresses'>,
  template: PathTemplate,
  isUsed: (address: `0x${string}`) => Promise<boolean>,
  options: DiscoverAddressesOptions = {},
): Promise<DerivedAddress[]> {
  const gap = options.gap ?? 5
  const used: DerivedAddress[] = []
  let unused = 0
  for (let from = 0; unused < gap; from += gap) {
    for (const derived of await signer.getAddresses(template, from, gap, options)) {
      if (await isUsed(derived.address)) {
        used.push(derived)
        unused = 0
      } else if (++unused >= gap) break
    }
  }
  return used
}
