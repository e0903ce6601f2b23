import type { ESLint, Rule } from 'eslint'

export declare const LAYERS: Readonly<Record<string, number>>
export declare const layersRule: Rule.RuleModule
export declare const plugin: ESLint.Plugin & { rules: { layers: Rule.RuleModule } }
export default plugin
