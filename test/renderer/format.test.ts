import { describe, expect, it } from 'vitest'
import { powerShare, shortHex } from '../../src/renderer/network/format'

describe('Network screen formatters', () => {
  it('shortens long hex and keeps short hex', () => {
    expect(shortHex('0x1234567890abcdef1234')).toBe('0x1234…1234')
    expect(shortHex('0x12')).toBe('0x12')
  })
  it('gives a share of voting power with one decimal', () => {
    expect(powerShare('10', '40')).toBe('25.0%')
    expect(powerShare('1', '3')).toBe('33.3%')
    expect(powerShare('1', '0')).toBe('0%')
  })
})
