import { resolve } from 'node:path'
import { RuleTester } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, it } from 'vitest'
import { layersRule } from '../../eslint/layers'

RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it.only

const root = resolve(import.meta.dirname, '../..')
const file = (relativePath: string) => resolve(root, relativePath)

const ruleTester = new RuleTester({
  languageOptions: {
    parser: tseslint.parser,
    ecmaVersion: 'latest',
    sourceType: 'module',
  },
})

ruleTester.run('custos/layers', layersRule, {
  valid: [
    {
      name: 'store may import state (downwards)',
      filename: file('src/node/store/openStore.ts'),
      code: "import { applyTransfer } from '../state/applyTransfer'",
    },
    {
      name: 'a layer may import itself',
      filename: file('src/node/state/apply.ts'),
      code: "import { applyTransfer } from './applyTransfer'",
    },
    {
      name: 'anchor and p2p share a rank',
      filename: file('src/node/anchor/relayer.ts'),
      code: "import type { Peer } from '../p2p/peer'",
    },
    {
      name: 'renderer may import protocol',
      filename: file('src/renderer/signing/buildTypedData.ts'),
      code: "import { transferTypes } from '../../node/protocol/eip712'",
    },
    {
      name: 'renderer may import shared and npm packages',
      filename: file('src/renderer/App.tsx'),
      code: "import type { AppInfo } from '../shared/ipc'\nimport { create } from 'zustand'",
    },
    {
      name: 'protocol may import pure npm packages',
      filename: file('src/node/protocol/hash.ts'),
      code: "import { keccak_256 } from '@noble/hashes/sha3.js'",
    },
    {
      name: 'store may import Node built-ins and better-sqlite3',
      filename: file('src/node/store/openStore.ts'),
      code: "import { join } from 'node:path'\nimport Database from 'better-sqlite3'",
    },
    {
      name: 'main may import client, shared and electron',
      filename: file('src/main/index.ts'),
      code: "import { app } from 'electron'\nimport { createClient } from '../node/client/createClient'\nimport { ipcContract } from '../shared/ipc'",
    },
    {
      name: 'cli may import client',
      filename: file('src/node/cli/main.ts'),
      code: "export { createClient } from '../client/createClient'",
    },
    {
      name: 'dynamic import downwards',
      filename: file('src/node/cli/main.ts'),
      code: "const { startNode } = await import('../consensus/startNode')",
    },
    {
      name: 'files outside src are not checked',
      filename: file('test/node/state/apply.test.ts'),
      code: "import { openStore } from '../../../src/node/store/openStore'\nimport { readFileSync } from 'node:fs'",
    },
  ],
  invalid: [
    {
      name: 'state may not import store (upwards)',
      filename: file('src/node/state/apply.ts'),
      code: "import { openStore } from '../store/openStore'",
      errors: [
        {
          message:
            'src/node/state (layer 2) may not import src/node/store (layer 3): dependencies point downwards (ARCHITECTURE.md, Layers)',
        },
      ],
    },
    {
      name: 'type-only imports count too',
      filename: file('src/node/consensus/engine.ts'),
      code: "import type { RpcServer } from '../rpc/server'",
      errors: [
        {
          messageId: 'upwards',
          data: { from: 'src/node/consensus (layer 6)', to: 'src/node/rpc (layer 7)' },
        },
      ],
    },
    {
      name: 'protocol may not import node:crypto',
      filename: file('src/node/protocol/hash.ts'),
      code: "import { createHash } from 'node:crypto'",
      errors: [
        {
          message:
            "src/node/protocol (layer 1) may not import the Node built-in 'node:crypto': src/node/protocol and src/node/state are pure and isomorphic (ARCHITECTURE.md, Layers)",
        },
      ],
    },
    {
      name: 'protocol may not import the bare built-in fs',
      filename: file('src/node/protocol/codec.ts'),
      code: "import { readFileSync } from 'fs'",
      errors: [{ messageId: 'pureBuiltin' }],
    },
    {
      name: 'state may not import better-sqlite3 or electron',
      filename: file('src/node/state/view.ts'),
      code: "import Database from 'better-sqlite3'\nimport { app } from 'electron/main'",
      errors: [{ messageId: 'purePackage' }, { messageId: 'purePackage' }],
    },
    {
      name: 'renderer may not import store',
      filename: file('src/renderer/App.tsx'),
      code: "import { openStore } from '../node/store/openStore'",
      errors: [
        {
          message:
            'src/renderer (layer 12) may not import src/node/store (layer 3): the renderer may import only src/renderer, src/shared and src/node/protocol, and reaches the node through the IPC contract (ARCHITECTURE.md, Layers)',
        },
      ],
    },
    {
      name: 'renderer may not import Node built-ins',
      filename: file('src/renderer/App.tsx'),
      code: "import path from 'node:path'",
      errors: [{ messageId: 'rendererBuiltin' }],
    },
    {
      name: 'renderer may not import electron',
      filename: file('src/renderer/App.tsx'),
      code: "import { ipcRenderer } from 'electron'",
      errors: [{ messageId: 'rendererPackage' }],
    },
    {
      name: 'main may not import renderer',
      filename: file('src/main/window.ts'),
      code: "import { App } from '../renderer/App'",
      errors: [
        {
          message:
            'src/main (layer 11) may not import src/renderer (layer 12): dependencies point downwards (ARCHITECTURE.md, Layers)',
        },
      ],
    },
    {
      name: 'dynamic import upwards',
      filename: file('src/node/store/openStore.ts'),
      code: "const { relay } = await import('../anchor/relayer')",
      errors: [
        {
          messageId: 'upwards',
          data: { from: 'src/node/store (layer 3)', to: 'src/node/anchor (layer 5)' },
        },
      ],
    },
    {
      name: 'dynamic import of a built-in from protocol, as a template literal',
      filename: file('src/node/protocol/codec.ts'),
      code: 'const fs = await import(`node:fs`)',
      errors: [{ messageId: 'pureBuiltin' }],
    },
    {
      name: 'export-from upwards',
      filename: file('src/shared/index.ts'),
      code: "export { createClient } from '../node/client/createClient'",
      errors: [
        {
          messageId: 'upwards',
          data: { from: 'src/shared (layer 0)', to: 'src/node/client (layer 9)' },
        },
      ],
    },
    {
      name: 'export-all upwards',
      filename: file('src/node/protocol/index.ts'),
      code: "export * from '../state/apply'",
      errors: [{ messageId: 'upwards' }],
    },
    {
      name: 'TypeScript import type upwards',
      filename: file('src/node/light/verify.ts'),
      code: "type Client = import('../client/createClient').Client",
      errors: [{ messageId: 'upwards' }],
    },
    {
      name: 'a file in an unlisted layer',
      filename: file('src/node/wallet/keys.ts'),
      code: 'export const keys = 1',
      errors: [
        {
          message:
            'src/node/wallet is an unknown layer: give it a rank in eslint/layers.js and a place in ARCHITECTURE.md (Layers) before adding files to it',
        },
      ],
    },
    {
      name: 'importing an unlisted layer',
      filename: file('src/node/cli/main.ts'),
      code: "import { keys } from '../wallet/keys'",
      errors: [
        {
          messageId: 'unknownImportLayer',
          data: { from: 'src/node/cli (layer 10)', layer: 'src/node/wallet' },
        },
      ],
    },
  ],
})
