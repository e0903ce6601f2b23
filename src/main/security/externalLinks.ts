/**
 * The one way the app opens a page outside itself: `openExternal`, which hands a vetted
 * https URL to the system browser (Electron security checklist, item 15, "Do not use
 * shell.openExternal with untrusted content"). Only hosts on `EXTERNAL_HOSTS` pass, exactly
 * (no subdomain wildcards), on the default port and without credentials in the URL.
 */
import type { Shell } from 'electron'
import { MainError } from '../errors'
import { parseUrl } from './origin'

/** Hosts the app may send people to: Ledger's support and product pages. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'support.ledger.com',
  'www.ledger.com',
  'ledger.com',
])

/** The parts of Electron's `shell` this file uses. */
export type ExternalShell = Pick<Shell, 'openExternal'>

/** The URL as it will be opened, or the reason it is refused. */
export type ExternalUrlVetting = { ok: true; url: URL } | { ok: false; reason: string }

/** Checks that `value` is an https URL on a vetted host. */
export function vetExternalUrl(
  value: string,
  hosts: ReadonlySet<string> = EXTERNAL_HOSTS,
): ExternalUrlVetting {
  const url = parseUrl(value)
  if (url === null) return { ok: false, reason: 'not a URL' }
  if (url.protocol !== 'https:')
    return { ok: false, reason: `${url.protocol} links are not opened` }
  if (url.username !== '' || url.password !== '')
    return { ok: false, reason: 'credentials in the URL' }
  if (url.port !== '') return { ok: false, reason: 'a non-default port' }
  if (!hosts.has(url.hostname)) return { ok: false, reason: `${url.hostname} is not a vetted host` }
  return { ok: true, url }
}

/**
 * Opens a vetted URL in the system browser.
 *
 * @throws {MainError} `EXTERNAL_URL_REFUSED` when the URL is not https on a vetted host.
 * @example
 * ```ts
 * await openExternal(shell, 'https://support.ledger.com/article/360009676633')
 * ```
 */
export async function openExternal(
  shell: ExternalShell,
  value: string,
  hosts: ReadonlySet<string> = EXTERNAL_HOSTS,
): Promise<void> {
  const vetting = vetExternalUrl(value, hosts)
  if (!vetting.ok) {
    throw new MainError(
      'EXTERNAL_URL_REFUSED',
      `Custos does not open this link: ${vetting.reason}.`,
      {
        details: { url: value },
      },
    )
  }
  await shell.openExternal(vetting.url.href)
}
