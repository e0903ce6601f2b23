import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { plugin as custos } from './eslint/layers.js'

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'release/', 'node_modules/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    ignores: ['src/renderer/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/**'],
    plugins: { custos },
    rules: {
      'custos/layers': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['src/node/cli/**'],
    rules: { 'no-console': 'off' },
  },
])
