export * from './Store'
export { migrate, migrations } from './schema'
export type { ValidatorSetEntry } from './validatorSets'
export type { EvidenceRecord } from './evidenceTable'
