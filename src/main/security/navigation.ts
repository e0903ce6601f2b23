/**
 * Navigation lock-down of the app's windows (Electron security checklist, items 13 and 14):
 * the renderer never navigates away from the app and never opens a window. A request for a
 * new window to a vetted https page (a Ledger support link with `target="_blank"`) is still
 * denied as a window, and handed to `openExternal` for the system browser instead.
 */
import type { WebContents } from 'electron'
import { openExternal, vetExternalUrl, type ExternalShell } from './externalLinks'

/** The parts of a window's `webContents` this file installs handlers on. */
export type NavigationWebContents = Pick<WebContents, 'setWindowOpenHandler'> & {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: { preventDefault(): void }) => void,
  ): unknown
}

export interface LockNavigationParameters {
  webContents: NavigationWebContents
  shell: ExternalShell
  /** Called when a vetted link could not be opened; defaults to ignoring it. */
  onExternalError?: (error: unknown) => void
}

/** Denies every navigation, redirect, webview and new window of `webContents`. */
export function lockNavigation({
  webContents,
  shell,
  onExternalError,
}: LockNavigationParameters): void {
  const deny = (event: { preventDefault(): void }): void => {
    event.preventDefault()
  }
  webContents.on('will-navigate', deny)
  webContents.on('will-redirect', deny)
  webContents.on('will-attach-webview', deny)
  webContents.setWindowOpenHandler(({ url }) => {
    if (vetExternalUrl(url).ok) {
      openExternal(shell, url).catch((error: unknown) => onExternalError?.(error))
    }
    return { action: 'deny' }
  })
}
