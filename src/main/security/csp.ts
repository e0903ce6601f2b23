/**
 * The Content-Security-Policy of the app's own pages, sent as a response header by the
 * `app:` protocol handler (a header, unlike a `<meta>` tag, also covers `frame-ancestors`
 * and applies before any byte of the page is parsed).
 *
 * Everything comes from the app itself: no inline or evaluated scripts, no inline styles,
 * no plugins, no frames, no form posts, and `connect-src` limited to the app's origin (the
 * renderer reaches main only through the preload bridge). The dev server (electron-vite,
 * unpackaged only) is not covered: Vite's hot reload needs inline scripts and a WebSocket.
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES: Readonly<Record<string, readonly string[]>> =
  Object.freeze({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  })

/** The policy as one header value, directives in a fixed order. */
export function contentSecurityPolicy(
  directives: Readonly<Record<string, readonly string[]>> = CONTENT_SECURITY_POLICY_DIRECTIVES,
): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

/** Headers sent with every response of the app's own pages. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  }
}
