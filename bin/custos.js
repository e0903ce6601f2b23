#!/usr/bin/env node
// The `custos` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/node/cli/main.ts')
process.exit(await main(process.argv.slice(2)))
