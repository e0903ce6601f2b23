/**
 * Arbitrary tampering (fast-check): any JSON value put in place of any field of any item of a
 * bundle never makes verification throw, and fails it naming that item — unless the value put
 * there is the one that was there.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ExportBundle } from '../../../../src/node/light/export'
import { exportScenario, readBundle, verify } from './exportFiles'
import { leaves, type Leaf } from './mutate'
import { buildScenario, type Scenario } from './scenario'

let s: Scenario
let bundle: ExportBundle
const targets: Array<{
  section: 'lightBlocks' | 'records' | 'auditLog'
  index: number
  leaf: Leaf
}> = []

beforeAll(async () => {
  s = buildScenario()
  bundle = readBundle(await exportScenario(s, { csv: false, pdf: false }))
  for (const section of ['lightBlocks', 'records', 'auditLog'] as const)
    (bundle[section] as unknown as Array<Record<string, unknown>>).forEach((item, index) => {
      for (const leaf of leaves(item)) targets.push({ section, index, leaf })
    })
})
afterAll(() => s.net.close())

it('any value in any field fails verification at that item, never throwing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.nat(), fc.jsonValue({ maxDepth: 3 }), async (pick, value) => {
      const target = targets[pick % targets.length]
      if (!target) return
      fc.pre(JSON.stringify(value) !== JSON.stringify(target.leaf.value))
      const restore = target.leaf.replace(value)
      try {
        const report = await verify(bundle, s.net.root)
        expect(
          report.failures.some(
            (f) => f.record.section === target.section && f.record.index === target.index,
          ),
          `${target.section}[${target.index}].${target.leaf.path.join('.')} = ${JSON.stringify(value)}`,
        ).toBe(true)
      } finally {
        restore()
      }
    }),
    { numRuns: 400, seed: 20261125 },
  )
}, 120_000)
