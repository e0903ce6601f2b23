import { builtinModules } from 'node:module'
import path from 'node:path'

/**
 * `custos/layers`: enforces the layers of ARCHITECTURE.md ("Layers") on every
 * import, export-from, dynamic import and TypeScript import type in `src/**`.
 *
 * - A file may import only from its own layer or a lower-ranked one.
 * - `src/node/protocol` and `src/node/state` are pure: no Node built-ins, no
 *   `better-sqlite3`, no `electron`.
 * - `src/renderer` may import only `src/renderer`, `src/shared` and
 *   `src/node/protocol` (plus npm packages), and no Node built-ins.
 * - A file in, or an import of, a folder under `src/` that is not listed below
 *   is an error, so that new layers are added here and in ARCHITECTURE.md on purpose.
 *
 * Enable it in a flat config with `plugins: { custos: plugin }` and
 * `rules: { 'custos/layers': 'error' }`.
 */

/** Layer folder (relative to the repository root) → rank. Lower ranks sit underneath. */
export const LAYERS = Object.freeze({
  'src/shared': 0,
  'src/node/protocol': 1,
  'src/node/state': 2,
  'src/node/store': 3,
  'src/node/chain': 4,
  'src/node/p2p': 5,
  'src/node/anchor': 5,
  'src/node/consensus': 6,
  'src/node/rpc': 7,
  'src/node/light': 8,
  'src/node/client': 9,
  'src/node/cli': 10,
  'src/main': 11,
  'src/renderer': 12,
})

const PURE_LAYERS = new Set(['src/node/protocol', 'src/node/state'])
const PURE_FORBIDDEN_PACKAGES = new Set(['better-sqlite3', 'electron'])
const RENDERER_ALLOWED_LAYERS = new Set(['src/renderer', 'src/shared', 'src/node/protocol'])
const RENDERER_FORBIDDEN_PACKAGES = new Set(['better-sqlite3', 'electron'])
const NODE_BUILTINS = new Set(builtinModules)

const SOURCE = '(ARCHITECTURE.md, Layers)'

/** The repository root: this file lives in `<root>/eslint/`. */
const REPO_ROOT = path.resolve(import.meta.dirname, '..')

/**
 * The layer a repository-relative path belongs to, or null when the path is
 * outside `src/`. Unlisted folders give `{ name, rank: undefined }`.
 */
function layerOf(relativePath) {
  const segments = relativePath.split('/')
  if (segments[0] !== 'src' || segments.length < 2) return null
  const depth = segments[1] === 'node' ? 3 : 2
  const name = segments.slice(0, depth).join('/')
  return { name, rank: LAYERS[name] }
}

function toRepoPath(absolutePath) {
  const relative = path.relative(REPO_ROOT, absolutePath)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null
  return relative.split(path.sep).join('/')
}

function packageName(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** What an import specifier points at. */
function classify(specifier, filename) {
  const bare = specifier.split('?')[0]
  if (bare.startsWith('node:') || NODE_BUILTINS.has(bare)) {
    return { kind: 'builtin' }
  }
  if (bare.startsWith('.') || path.isAbsolute(bare)) {
    const repoPath = toRepoPath(path.resolve(path.dirname(filename), bare))
    const layer = repoPath === null ? null : layerOf(repoPath)
    return layer === null ? { kind: 'outside' } : { kind: 'layer', layer }
  }
  return { kind: 'package', name: packageName(bare) }
}

function describe(layer) {
  return `${layer.name} (layer ${layer.rank})`
}

/** The string a module-reference node names, or null when it is computed at run time. */
function specifierOf(node) {
  if (node == null) return null
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return node.quasis[0].value.cooked
  }
  if (node.type === 'TSLiteralType') return specifierOf(node.literal)
  return null
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Enforce the dependency direction between the layers in ARCHITECTURE.md',
    },
    schema: [],
    messages: {
      upwards: `{{from}} may not import {{to}}: dependencies point downwards ${SOURCE}`,
      rendererLayer: `{{from}} may not import {{to}}: the renderer may import only src/renderer, src/shared and src/node/protocol, and reaches the node through the IPC contract ${SOURCE}`,
      pureBuiltin: `{{from}} may not import the Node built-in '{{module}}': src/node/protocol and src/node/state are pure and isomorphic ${SOURCE}`,
      purePackage: `{{from}} may not import '{{module}}': src/node/protocol and src/node/state are pure and do no I/O ${SOURCE}`,
      rendererBuiltin: `{{from}} may not import the Node built-in '{{module}}': the renderer runs sandboxed in Chromium ${SOURCE}`,
      rendererPackage: `{{from}} may not import '{{module}}': the renderer runs sandboxed in Chromium and reaches main only through the IPC contract ${SOURCE}`,
      unknownFileLayer: `{{layer}} is an unknown layer: give it a rank in eslint/layers.js and a place in ARCHITECTURE.md (Layers) before adding files to it`,
      unknownImportLayer: `{{from}} may not import {{layer}}, an unknown layer: give it a rank in eslint/layers.js and a place in ARCHITECTURE.md (Layers) first`,
    },
  },

  create(context) {
    const filename = context.filename
    if (!path.isAbsolute(filename)) return {}
    const repoPath = toRepoPath(filename)
    const from = repoPath === null ? null : layerOf(repoPath)
    if (from === null) return {}

    if (from.rank === undefined) {
      return {
        Program(node) {
          context.report({ node, messageId: 'unknownFileLayer', data: { layer: from.name } })
        },
      }
    }

    const fromText = describe(from)
    const isPure = PURE_LAYERS.has(from.name)
    const isRenderer = from.name === 'src/renderer'

    function check(node, sourceNode) {
      const specifier = specifierOf(sourceNode)
      if (specifier === null) return
      const target = classify(specifier, filename)
      const report = (messageId, data) =>
        context.report({ node: sourceNode, messageId, data: { from: fromText, ...data } })

      switch (target.kind) {
        case 'builtin':
          if (isPure) report('pureBuiltin', { module: specifier })
          else if (isRenderer) report('rendererBuiltin', { module: specifier })
          return
        case 'package':
          if (isPure && PURE_FORBIDDEN_PACKAGES.has(target.name)) {
            report('purePackage', { module: specifier })
          } else if (isRenderer && RENDERER_FORBIDDEN_PACKAGES.has(target.name)) {
            report('rendererPackage', { module: specifier })
          }
          return
        case 'outside':
          return
        case 'layer': {
          const to = target.layer
          if (to.rank === undefined) {
            report('unknownImportLayer', { layer: to.name })
          } else if (isRenderer && !RENDERER_ALLOWED_LAYERS.has(to.name)) {
            report('rendererLayer', { to: describe(to) })
          } else if (to.rank > from.rank) {
            report('upwards', { to: describe(to) })
          }
          return
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSExternalModuleReference: (node) => check(node, node.expression),
      TSImportType: (node) => check(node, node.source ?? node.argument),
    }
  },
}

export const plugin = {
  meta: { name: 'custos' },
  rules: { layers: layersRule },
}

export default plugin
