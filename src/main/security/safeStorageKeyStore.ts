/**
 * The records store's key, wrapped by Electron's `safeStorage` (ARCHITECTURE.md, "Desktop
 * app": local data encrypted at rest with a key wrapped by `safeStorage`): the OS keychain on
 * macOS, DPAPI on Windows, libsecret or KWallet on Linux. Only the wrapped key is written, to
 * a file only the owner can read.
 *
 * On Linux without a keyring, `safeStorage` falls back to `basic_text`, a key hard-coded in
 * Chromium — no protection at all. That backend is refused unless the caller allows it (the
 * unpackaged devnet), and the error tells people what to install.
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SafeStorage } from 'electron'
import { MainError } from '../errors'
import type { KeyStore } from '../services/keyStore'

/** The parts of Electron's `safeStorage` this file uses. */
export type KeyWrapper = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>

export interface SafeStorageKeyStoreParameters {
  safeStorage: KeyWrapper
  /** Where the wrapped key is kept, e.g. `<userData>/records.key`. */
  path: string
  platform: NodeJS.Platform
  /** Accept Linux's `basic_text` backend (no real protection); for the unpackaged devnet only. */
  allowPlainTextBackend?: boolean
}

function assertRealSecretStore({
  safeStorage,
  platform,
  allowPlainTextBackend = false,
}: SafeStorageKeyStoreParameters): void {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new MainError(
      'KEY_STORAGE_UNAVAILABLE',
      'Custos cannot protect its local records: this system offers no secret store. Sign in to a desktop session with a keychain or keyring and start Custos again.',
    )
  }
  if (platform === 'linux' && !allowPlainTextBackend) {
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text' || backend === 'unknown') {
      throw new MainError(
        'KEY_STORAGE_UNAVAILABLE',
        'Custos cannot protect its local records: no keyring is running. Install and unlock GNOME Keyring (libsecret) or KWallet, then start Custos again.',
        { details: { backend } },
      )
    }
  }
}

/**
 * A `KeyStore` over `safeStorage`.
 *
 * @example
 * ```ts
 * const keyStore = safeStorageKeyStore({
 *   safeStorage, platform: process.platform, path: join(app.getPath('userData'), 'records.key'),
 * })
 * ```
 */
export function safeStorageKeyStore(parameters: SafeStorageKeyStoreParameters): KeyStore {
  const { safeStorage, path } = parameters
  return {
    async load() {
      assertRealSecretStore(parameters)
      let wrapped: Buffer
      try {
        wrapped = await readFile(path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      let hex: string
      try {
        hex = safeStorage.decryptString(wrapped)
      } catch (cause) {
        throw new MainError(
          'KEY_UNWRAP_FAILED',
          'Custos cannot open its local records: their key was protected by another user account or keyring.',
          { cause, details: { path } },
        )
      }
      if (!/^[0-9a-f]{64}$/.test(hex)) {
        throw new MainError(
          'KEY_UNWRAP_FAILED',
          'Custos cannot open its local records: their key is damaged.',
          {
            details: { path },
          },
        )
      }
      return new Uint8Array(Buffer.from(hex, 'hex'))
    },
    async save(key) {
      assertRealSecretStore(parameters)
      await mkdir(dirname(path), { recursive: true })
      const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`
      await writeFile(temp, safeStorage.encryptString(Buffer.from(key).toString('hex')), {
        mode: 0o600,
      })
      await chmod(temp, 0o600)
      await rename(temp, path)
    },
  }
}
