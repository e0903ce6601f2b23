/**
 * Smoke journey for the real renderer in Chromium: the renderer is built with Vite into a
 * temporary folder, the embedded devnet (four validators) and the web bridge start in this
 * process on 127.0.0.1, and headless Chromium opens the page with the bridge's token. The
 * Network screen must list four validators and show a height that increases. A screenshot
 * is saved to `test-results/network.png`. Everything started here is stopped in `afterAll`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileKeyStore } from '../../src/main/services/keyStore'
import { startServices } from '../../src/main/services/startServices'
import type { Services } from '../../src/main/services/types'
import { startWebBridge, type WebBridge } from '../../src/main/web/server'

const repoRoot = resolve(import.meta.dirname, '../..')
const resultsDir = join(repoRoot, 'test-results')

let workDir: string
let services: Services | undefined
let bridge: WebBridge | undefined
let browser: Browser | undefined

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'custos-e2e-'))
  const rendererDir = join(workDir, 'renderer')
  await build({
    configFile: false,
    root: join(repoRoot, 'src/renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: rendererDir, emptyOutDir: true },
  })
  const dataDir = join(workDir, 'data')
  mkdirSync(dataDir)
  services = await startServices({
    dataDir,
    keyStore: fileKeyStore(join(dataDir, 'records.key')),
  })
  bridge = await startWebBridge({ services, rendererDir })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await bridge?.close()
  await services?.stop()
  rmSync(workDir, { recursive: true, force: true })
}, 30_000)

describe('Network screen in Chromium over the web bridge', () => {
  it('shows the four validators and a growing height', async () => {
    if (browser === undefined || bridge === undefined) throw new Error('setup did not finish')
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))

    await page.goto(`${bridge.url}#token=${bridge.token}`)
    await page.getByRole('heading', { name: 'Network', level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Validators (4)' }).waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('validators').locator('tbody tr').count()).resolves.toBe(4)

    const height = page.getByTestId('height')
    const first = BigInt(await height.innerText())
    await page.waitForFunction(
      (before) =>
        BigInt(document.querySelector('[data-testid="height"]')?.textContent ?? '0') >
        BigInt(before),
      first.toString(),
      { timeout: 20_000 },
    )
    expect(BigInt(await height.innerText())).toBeGreaterThan(first)
    await expect(page.getByRole('navigation', { name: 'Screens' }).isVisible()).resolves.toBe(true)

    mkdirSync(resultsDir, { recursive: true })
    await page.screenshot({ path: join(resultsDir, 'network.png'), fullPage: true })
    expect(problems).toEqual([])
    await page.close()
  }, 60_000)

  it('says how to reconnect when the token is wrong', async () => {
    if (browser === undefined || bridge === undefined) throw new Error('setup did not finish')
    const page = await browser.newPage()
    await page.goto(`${bridge.url}#token=wrong`)
    const alert = page.getByRole('alert')
    await alert.waitFor()
    await expect(alert.innerText()).resolves.toMatch(
      /Could not connect to Custos\..*Reopen the page/,
    )
    await page.close()
  })
})
