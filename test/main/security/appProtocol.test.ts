/**
 * The `app://custos` protocol and its CSP: the built renderer is served with the strict
 * policy as a response header, and nothing outside the renderer folder is ever read.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createAppProtocolHandler,
  installAppProtocol,
  registerAppScheme,
  resolveAppPath,
} from '../../../src/main/security/appProtocol'
import { contentSecurityPolicy } from '../../../src/main/security/csp'
import { FakeProtocol } from '../fakeElectron'

let root: string
let handler: (request: Request) => Promise<Response>

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'custos-app-protocol-'))
  root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Custos</title>')
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  // A file next to the renderer folder that must never be served.
  await writeFile(join(base, 'secret.txt'), 'private key')
  handler = createAppProtocolHandler({ root })
})

const get = (url: string, method = 'GET') => handler(new Request(url, { method }))

describe('the content security policy', () => {
  const directives = new Map(
    contentSecurityPolicy()
      .split('; ')
      .map((directive) => {
        const [name, ...sources] = directive.split(' ')
        return [name, sources] as const
      }),
  )

  it("allows only the app's own origin by default and for connections", () => {
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('connect-src')).toEqual(["'self'"])
  })

  it('allows no inline or evaluated script, and no inline style', () => {
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('style-src')).toEqual(["'self'"])
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-inline|unsafe-eval|\*|ws:|http:/)
  })

  it('refuses plugins, frames, base changes and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
  })
})

describe('the app: protocol', () => {
  it('is registered as a standard, secure scheme, before ready', () => {
    const protocol = new FakeProtocol()
    registerAppScheme(protocol)
    expect(protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
  })

  it('is installed as the handler of the app scheme', async () => {
    const protocol = new FakeProtocol()
    installAppProtocol(protocol, { root })
    const installed = protocol.handlers.get('app')
    expect(installed).toBeDefined()
    const response = await installed?.(new Request('app://custos/index.html'))
    expect(response?.status).toBe(200)
  })

  it('serves index.html and assets with the CSP as a response header', async () => {
    const page = await get('app://custos/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Custos</title>')

    const script = await get('app://custos/assets/index-abc.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(script.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
  })

  it('serves index.html for the root', async () => {
    const response = await get('app://custos/')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Custos')
  })

  it.each([
    ['an encoded ../', 'app://custos/%2e%2e%2fsecret.txt'],
    ['an encoded ..\\', 'app://custos/..%5csecret.txt'],
    ['an encoded absolute path', 'app://custos/%2fetc%2fpasswd'],
    ['a NUL byte', 'app://custos/index.html%00.js'],
  ])('refuses %s with 403, with the CSP still set', async (_name, url) => {
    const response = await get(url)
    expect(response.status).toBe(403)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(await response.text()).not.toContain('private key')
  })

  it('never leaves the root, even where the URL parser folds ../ away', async () => {
    // WHATWG parsing turns /../secret.txt into /secret.txt, which is looked up inside root.
    for (const url of [
      'app://custos/../secret.txt',
      'app://custos/assets/%2E%2E/%2E%2E/secret.txt',
    ]) {
      const response = await get(url)
      expect(response.status).toBe(404)
      expect(await response.text()).not.toContain('private key')
    }
  })

  it('answers 404 for unknown files, folders and hosts', async () => {
    expect((await get('app://custos/missing.js')).status).toBe(404)
    expect((await get('app://custos/assets')).status).toBe(404)
    expect((await get('app://other/index.html')).status).toBe(404)
  })

  it('answers only GET and HEAD', async () => {
    expect((await get('app://custos/index.html', 'POST')).status).toBe(405)
    const head = await get('app://custos/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('resolves paths inside the root only', () => {
    expect(resolveAppPath('/srv/renderer', 'app://custos/assets/a.js')).toEqual({
      ok: true,
      path: join('/srv/renderer', 'assets', 'a.js'),
    })
    expect(resolveAppPath('/srv/renderer', 'file:///etc/passwd')).toMatchObject({
      ok: false,
      status: 400,
    })
    expect(resolveAppPath('/srv/renderer', 'app://custos/%E0%A4%A')).toMatchObject({
      ok: false,
      status: 400,
    })
  })
})
