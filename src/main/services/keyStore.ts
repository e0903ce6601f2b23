/**
 * Where the records store's 32-byte key is kept. Electron wraps it with `safeStorage` (main
 * implements `KeyStore` over it); the web bridge and tests keep it in a file only the owner can
 * read (`fileKeyStore`). Either way a new random key is made on first start.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ServiceError } from './errors'

export interface KeyStore {
  /** The stored key, or undefined when none was stored yet. */
  load(): Promise<Uint8Array | undefined>
  save(key: Uint8Array): Promise<void>
}

/** The key in `keyStore`, or a new random 32-byte key saved there. */
export async function recordsKey(keyStore: KeyStore): Promise<Uint8Array> {
  const stored = await keyStore.load()
  if (stored !== undefined) {
    if (stored.length !== 32)
      throw new ServiceError('BAD_KEY', `the records key must be 32 bytes (found ${stored.length})`)
    return stored
  }
  const key = new Uint8Array(randomBytes(32))
  await keyStore.save(key)
  return key
}

/** A key kept as hex in `path`, with permissions 0600 (owner read/write only). */
export function fileKeyStore(path: string): KeyStore {
  return {
    async load() {
      if (!existsSync(path)) return undefined
      const text = readFileSync(path, 'utf8').trim()
      if (!/^[0-9a-f]{64}$/.test(text))
        throw new ServiceError('BAD_KEY', `${path} does not hold a 32-byte hex key`)
      return new Uint8Array(Buffer.from(text, 'hex'))
    },
    async save(key) {
      mkdirSync(dirname(path), { recursive: true })
      const temp = `${path}.tmp-${process.pid}`
      writeFileSync(temp, Buffer.from(key).toString('hex'), { mode: 0o600 })
      chmodSync(temp, 0o600)
      renameSync(temp, path)
    },
  }
}
