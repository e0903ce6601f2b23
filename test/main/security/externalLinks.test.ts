/**
 * `openExternal`, the one door to the system browser: only https pages on vetted hosts pass;
 * and the window's navigation lock: no navigation, redirect, webview or new window.
 */
import { describe, expect, it } from 'vitest'
import { MainError } from '../../../src/main/errors'
import { openExternal, vetExternalUrl } from '../../../src/main/security/externalLinks'
import { lockNavigation } from '../../../src/main/security/navigation'
import { FakeShell, FakeWebContents, navigationEvent } from '../fakeElectron'

const LEDGER_SUPPORT = 'https://support.ledger.com/article/4404382258961'

describe('openExternal', () => {
  it('opens an https page on a vetted host', async () => {
    const shell = new FakeShell()
    await openExternal(shell, LEDGER_SUPPORT)
    expect(shell.opened).toEqual([LEDGER_SUPPORT])
  })

  it.each([
    ['http', 'http://support.ledger.com/article/1'],
    ['another host', 'https://evil.example/ledger'],
    ['a look-alike subdomain', 'https://support.ledger.com.evil.example/'],
    ['a subdomain not on the list', 'https://phishing.ledger.com/'],
    ['credentials in the URL', 'https://user:pass@support.ledger.com/'],
    ['a non-default port', 'https://support.ledger.com:8443/'],
    ['a file URL', 'file:///etc/passwd'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['not a URL', 'support.ledger.com'],
  ])('refuses %s with a typed error and opens nothing', async (_name, url) => {
    const shell = new FakeShell()
    const opening = openExternal(shell, url)
    await expect(opening).rejects.toBeInstanceOf(MainError)
    await expect(opening).rejects.toMatchObject({ code: 'EXTERNAL_URL_REFUSED' })
    expect(shell.opened).toEqual([])
    expect(vetExternalUrl(url).ok).toBe(false)
  })
})

describe('the navigation lock', () => {
  function locked() {
    const webContents = new FakeWebContents()
    const shell = new FakeShell()
    lockNavigation({ webContents, shell })
    return { webContents, shell }
  }

  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const { webContents } = locked()
    for (const url of ['https://evil.example/', 'app://custos/index.html', 'file:///etc/passwd']) {
      const event = navigationEvent(url)
      webContents.emit(name, event)
      expect(event.defaultPrevented).toBe(true)
    }
  })

  it('denies every new window', () => {
    const { webContents, shell } = locked()
    for (const url of [
      'https://evil.example/',
      'app://custos/index.html',
      'about:blank',
      'http://support.ledger.com/',
    ]) {
      expect(
        webContents.windowOpenHandler?.({ url } as Parameters<
          NonNullable<FakeWebContents['windowOpenHandler']>
        >[0]),
      ).toEqual({
        action: 'deny',
      })
    }
    expect(shell.opened).toEqual([])
  })

  it('denies a window to a vetted page too, and opens it in the system browser instead', async () => {
    const { webContents, shell } = locked()
    const answer = webContents.windowOpenHandler?.({ url: LEDGER_SUPPORT } as Parameters<
      NonNullable<FakeWebContents['windowOpenHandler']>
    >[0])
    expect(answer).toEqual({ action: 'deny' })
    await Promise.resolve()
    expect(shell.opened).toEqual([LEDGER_SUPPORT])
  })
})
