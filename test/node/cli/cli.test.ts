/**
 * The custos command as a user runs it: help texts, bad arguments, init, and a devnet that
 * prints its RPC URLs, answers `custos status --json`, and stops cleanly on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const bin = join(import.meta.dirname, '../../../bin/custos.js')
const dir = mkdtempSync(join(tmpdir(), 'custos-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function custos(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 })
}

describe('custos', () => {
  it.each(['init', 'node', 'devnet', 'status'])('%s --help describes the command', (command) => {
    const run = custos(command, '--help')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain(`custos ${command}`)
    expect(run.stdout).toMatch(/--help/)
  })

  it('refuses unknown commands and flags with exit code 2 and a message', () => {
    const unknown = custos('launch')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toMatch(/unknown command "launch"/)
    const flag = custos('status', '--colour')
    expect(flag.status).toBe(2)
    expect(flag.stderr).toMatch(/--colour/)
    const noHome = custos('init')
    expect(noHome.status).toBe(2)
    expect(noHome.stderr).toMatch(/--home is required/)
  })

  it('init creates a validator home and refuses to overwrite it', () => {
    const home = join(dir, 'solo')
    const first = custos('init', '--home', home, '--validator')
    expect(first.status).toBe(0)
    expect(first.stdout).toMatch(/consensus address 0x[0-9a-f]{40}/)
    for (const file of ['config.json', 'genesis.json', 'node_key.json', 'consensus_key.json'])
      expect(existsSync(join(home, file))).toBe(true)
    const genesis = JSON.parse(readFileSync(join(home, 'genesis.json'), 'utf8')) as {
      validators: Array<{ address: string }>
    }
    expect(genesis.validators).toHaveLength(1)
    const again = custos('init', '--home', home)
    expect(again.status).toBe(2)
    expect(again.stderr).toMatch(/already holds a node/)
  })

  it('status reports an unreachable node clearly', () => {
    const run = custos('status', '--rpc', 'http://127.0.0.1:9')
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/)
  })

  it('devnet up prints RPC URLs, status --json gives a numeric height, and SIGTERM stops every node', async () => {
    const devnet = spawn(
      process.execPath,
      [bin, 'devnet', 'up', '--validators', '4', '--data-dir', join(dir, 'devnet')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    devnet.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const deadline = Date.now() + 60_000
    while (!/devnet running/.test(output) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100))
    const urls = [...output.matchAll(/rpc (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1] as string)
    expect(urls).toHaveLength(4)
    let height = 0
    while (height < 2 && Date.now() < deadline) {
      const run = custos('status', '--rpc', urls[3] as string, '--json')
      if (run.status === 0) height = (JSON.parse(run.stdout) as { height: number }).height
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(typeof height).toBe('number')
    expect(height).toBeGreaterThanOrEqual(2)
    const exited = new Promise<number | null>((resolve) =>
      devnet.once('exit', (code) => resolve(code)),
    )
    devnet.kill('SIGTERM')
    expect(await exited).toBe(0)
    // every validator process is gone: their RPC ports no longer answer
    for (const url of urls) expect(custos('status', '--rpc', url).status).toBe(2)
  }, 120_000)
})
