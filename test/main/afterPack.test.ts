/**
 * The electron-builder `afterPack` hook flips the fuses in a packed binary. Run against a
 * stand-in binary holding Electron's fuse sentinel and a wire of nine fuses (Electron 45).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ENABLE = 0x31
const DISABLE = 0x30

interface AfterPackModule {
  default(context: unknown): Promise<void>
  electronBinaryPath(context: unknown): string
}

// A path held in a variable: the hook is plain JavaScript, outside the TypeScript project.
const hookPath = resolve(import.meta.dirname, '../../build/afterPack.mjs')
const loadHook = async () => (await import(hookPath)) as AfterPackModule

const context = (appOutDir: string, electronPlatformName: string) => ({
  appOutDir,
  electronPlatformName,
  arch: 1,
  packager: { appInfo: { productFilename: 'Custos' }, executableName: 'custos' },
})

describe('afterPack', () => {
  it('finds the Electron binary of each platform', async () => {
    const { electronBinaryPath } = await loadHook()
    expect(electronBinaryPath(context('/out', 'linux'))).toBe(join('/out', 'custos'))
    expect(electronBinaryPath(context('/out', 'win32'))).toBe(join('/out', 'Custos.exe'))
    expect(electronBinaryPath(context('/out', 'darwin'))).toBe(join('/out', 'Custos.app'))
  })

  it('turns RunAsNode, NODE_OPTIONS and --inspect off, and asar integrity and asar-only on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'custos-fuses-'))
    const binary = join(dir, 'custos')
    const wire = Buffer.alloc(9, ENABLE)
    wire[4] = DISABLE // EnableEmbeddedAsarIntegrityValidation, off by default
    wire[5] = DISABLE // OnlyLoadAppFromAsar, off by default
    await writeFile(
      binary,
      Buffer.concat([
        Buffer.from('ELF…'),
        Buffer.from(SENTINEL),
        Buffer.from([1, 9]),
        wire,
        Buffer.from('…'),
      ]),
    )

    await (await loadHook()).default(context(dir, 'linux'))

    const bytes = await readFile(binary)
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length + 2
    const fuse = (index: number) => bytes[at + index]
    expect(fuse(0)).toBe(DISABLE) // RunAsNode
    expect(fuse(1)).toBe(ENABLE) // EnableCookieEncryption
    expect(fuse(2)).toBe(DISABLE) // EnableNodeOptionsEnvironmentVariable
    expect(fuse(3)).toBe(DISABLE) // EnableNodeCliInspectArguments
    expect(fuse(4)).toBe(ENABLE) // EnableEmbeddedAsarIntegrityValidation
    expect(fuse(5)).toBe(ENABLE) // OnlyLoadAppFromAsar
    expect(fuse(7)).toBe(DISABLE) // GrantFileProtocolExtraPrivileges
    expect(fuse(8)).toBe(ENABLE) // a fuse newer than @electron/fuses keeps Electron's default
  })
})
