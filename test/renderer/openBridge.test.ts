import { describe, expect, it } from 'vitest'
import type { CustosBridge } from '../../src/shared/bridge'
import { openBridge, tokenFromHash } from '../../src/renderer/bridge/openBridge'

describe('tokenFromHash', () => {
  it('reads the token from the fragment the web bridge prints', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123')
  })
  it('is undefined without a token', () => {
    expect(tokenFromHash('')).toBeUndefined()
    expect(tokenFromHash('#token=')).toBeUndefined()
  })
})

describe('openBridge', () => {
  it('uses the preload bridge when there is one', async () => {
    const preloadBridge = { version: 2 } as unknown as CustosBridge
    await expect(openBridge({ preloadBridge, host: 'x', hash: '' })).resolves.toBe(preloadBridge)
  })
  it('says how to connect when there is neither a bridge nor a token', async () => {
    await expect(
      openBridge({ preloadBridge: undefined, host: '127.0.0.1:1', hash: '' }),
    ).rejects.toThrow(/npm run web/)
  })
})
