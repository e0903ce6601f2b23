/**
 * BIP-32 derivation paths of Ethereum accounts on a Ledger, and the two templates wallets use
 * to number them (BIP-44, "Purpose" to "Address index"; `'` marks a hardened level):
 * - `bip44`:       m/44'/60'/0'/0/i  — one account, i-th external address (MetaMask, most wallets)
 * - `ledger-live`: m/44'/60'/i'/0/0  — the i-th account as Ledger Live numbers them
 * Index 0 is the same path, m/44'/60'/0'/0/0, in both.
 */
import { BadPath } from './errors'

export type PathTemplate = 'bip44' | 'ledger-live'

export const pathTemplates: readonly PathTemplate[] = ['bip44', 'ledger-live']

const HARDENED_LIMIT = 0x80000000

/** The path of address `index` under `template`, e.g. `m/44'/60'/0'/0/3`. */
export function pathOf(template: PathTemplate, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED_LIMIT)
    throw new BadPath(`${template}:${index}`, 'needs an index from 0 to 2^31 - 1')
  return template === 'bip44' ? `m/44'/60'/0'/0/${index}` : `m/44'/60'/${index}'/0/0`
}

/**
 * Validates a path (`m/` optional, levels separated by `/`, each a number below 2^31 with an
 * optional `'`) and returns it in canonical form `m/…`. Throws `BadPath`.
 */
export function normalizePath(path: string): string {
  const levels = path.trim().replace(/^m\//, '').split('/')
  if (levels.length < 1 || levels.length > 10 || levels[0] === '')
    throw new BadPath(path, "must look like m/44'/60'/0'/0/0 (1 to 10 levels)")
  for (const level of levels) {
    const match = /^(\d{1,10})('?)$/.exec(level)
    if (!match || Number(match[1]) >= HARDENED_LIMIT)
      throw new BadPath(path, `has a bad level ${JSON.stringify(level)}`)
  }
  return `m/${levels.join('/')}`
}

/** The path as hw-app-eth takes it (no `m/` prefix). */
export function devicePath(path: string): string {
  return normalizePath(path).slice(2)
}
