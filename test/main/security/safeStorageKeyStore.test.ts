/**
 * The records key wrapped by `safeStorage`: only the wrapped form reaches the disk, it comes
 * back unchanged, and a missing or fake secret store is refused with a typed error.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MainError } from '../../../src/main/errors'
import {
  safeStorageKeyStore,
  type KeyWrapper,
} from '../../../src/main/security/safeStorageKeyStore'

/** A stand-in that "wraps" by reversing and tagging the text, so a raw key never matches. */
function fakeSafeStorage(
  backend: ReturnType<KeyWrapper['getSelectedStorageBackend']> = 'gnome_libsecret',
  available = true,
): KeyWrapper {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`wrapped:${[...text].reverse().join('')}`),
    decryptString: (wrapped) => {
      const text = wrapped.toString()
      if (!text.startsWith('wrapped:'))
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        )
      return [...text.slice('wrapped:'.length)].reverse().join('')
    },
  }
}

const key = new Uint8Array(32).map((_, i) => i + 1)
const keyHex = Buffer.from(key).toString('hex')

async function keyPath() {
  return join(await mkdtemp(join(tmpdir(), 'custos-key-')), 'data', 'records.key')
}

describe('safeStorageKeyStore', () => {
  it('saves only the wrapped key, owner-readable, and loads it back', async () => {
    const path = await keyPath()
    const store = safeStorageKeyStore({ safeStorage: fakeSafeStorage(), path, platform: 'linux' })
    expect(await store.load()).toBeUndefined()
    await store.save(key)
    const onDisk = await readFile(path, 'utf8')
    expect(onDisk).not.toContain(keyHex)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await store.load()).toEqual(key)
  })

  it('refuses when the OS has no secret store', async () => {
    const store = safeStorageKeyStore({
      safeStorage: fakeSafeStorage('gnome_libsecret', false),
      path: await keyPath(),
      platform: 'win32',
    })
    await expect(store.save(key)).rejects.toMatchObject({ code: 'KEY_STORAGE_UNAVAILABLE' })
  })

  it("refuses Linux's basic_text backend unless allowed", async () => {
    const path = await keyPath()
    const refused = safeStorageKeyStore({
      safeStorage: fakeSafeStorage('basic_text'),
      path,
      platform: 'linux',
    })
    await expect(refused.save(key)).rejects.toBeInstanceOf(MainError)
    await expect(refused.load()).rejects.toMatchObject({ code: 'KEY_STORAGE_UNAVAILABLE' })
    const allowed = safeStorageKeyStore({
      safeStorage: fakeSafeStorage('basic_text'),
      path,
      platform: 'linux',
      allowPlainTextBackend: true,
    })
    await allowed.save(key)
    expect(await allowed.load()).toEqual(key)
  })

  it('answers a typed error for a key wrapped elsewhere or damaged', async () => {
    const path = await keyPath()
    const store = safeStorageKeyStore({ safeStorage: fakeSafeStorage(), path, platform: 'darwin' })
    await store.save(key)
    await writeFile(path, 'not wrapped by this keyring')
    await expect(store.load()).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' })
    await writeFile(path, 'wrapped:short')
    await expect(store.load()).rejects.toMatchObject({ code: 'KEY_UNWRAP_FAILED' })
  })
})
