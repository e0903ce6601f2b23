/**
 * The app's own origin, `app://custos`, and how to compare origins safely.
 *
 * The built renderer is served from a custom `app:` scheme (see `appProtocol.ts`) rather
 * than `file:`, so its pages have a real, non-opaque origin that CSP, permission checks and
 * IPC sender checks can name. Node's WHATWG `URL` reports the origin of every non-special
 * scheme as the opaque `"null"`, which would make all such origins compare equal; `originOf`
 * builds `scheme://host[:port]` itself instead, as Chromium does for a standard scheme.
 */

/** The custom scheme the built renderer is served from. */
export const APP_SCHEME = 'app'

/** The single host of the app scheme; every app page is `app://custos/…`. */
export const APP_HOST = 'custos'

/** The origin of the app's own pages. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/** The URL the main window loads in a built app. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * The origin string Chromium reports for pages of `url`: `scheme://host[:port]` for
 * hierarchical URLs, `"file://"` for files (whose real origin is opaque).
 */
export function originOf(url: URL): string {
  if (url.protocol === 'file:') return 'file://'
  if (url.origin !== 'null') return url.origin
  return `${url.protocol}//${url.host}`
}

/** Parses `value` as a URL, or returns null when it is not one. */
export function parseUrl(value: string | undefined | null): URL | null {
  if (value === undefined || value === null || value === '') return null
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/**
 * True when `candidate` (a URL or an origin as Electron reports it, possibly with a trailing
 * slash) has the same origin as `expected`. An empty host never matches, so opaque origins
 * (`"null"`, `data:`, `about:blank`) are refused.
 */
export function isSameOrigin(candidate: string | undefined | null, expected: URL): boolean {
  const url = parseUrl(candidate)
  if (url === null) return false
  const want = originOf(expected)
  if (want === 'file://') return url.protocol === 'file:'
  if (url.host === '') return false
  return originOf(url) === want
}
