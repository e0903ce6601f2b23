import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encodeType, structTypes, txKinds } from '../../src/node/protocol'

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8')
const errorsSource = readFileSync(
  new URL('../../src/node/protocol/errors.ts', import.meta.url),
  'utf8',
)

describe('docs/protocol.md', () => {
  it('lists every transaction kind', () => {
    const missing = txKinds.filter((kind) => !doc.includes(`| \`${kind}\``))
    expect(missing).toEqual([])
  })

  it('lists every error code', () => {
    const codes = [...errorsSource.matchAll(/^\s+\| '([A-Z_]+)'/gm)].map((m) => m[1])
    expect(codes.length).toBeGreaterThan(10)
    expect(codes.filter((code) => !doc.includes(`\`${code}\``))).toEqual([])
  })

  it('shows the struct types exactly as they are hashed', () => {
    const flat = doc.replace(/\n\s+/g, '')
    for (const [struct, fields] of Object.entries(structTypes)) {
      // the struct's own part of its EIP-712 type string (referenced structs follow it)
      const own = `${struct}(${fields.map((f) => `${f.type} ${f.name}`).join(',')})`
      expect(encodeType(struct).startsWith(own)).toBe(true)
      expect(flat).toContain(own)
    }
  })
})
