/**
 * Benchmark runner: `npm run bench` runs every `*.bench.ts` here; `npm run bench -- NAME` runs
 * those whose file name contains NAME. Each module exports `run(): Promise<void>` and prints
 * its figures. Not part of `npm test`.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const filter = process.argv[2]
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort()
if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${JSON.stringify(filter)}\n`)
  process.exit(1)
}
for (const file of files) {
  process.stdout.write(`\n## ${file}\n`)
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<void> }
  if (typeof mod.run !== 'function') throw new Error(`${file} does not export run()`)
  await mod.run()
}
