/**
 * Local records of the light node, encrypted at rest (ARCHITECTURE.md, "Desktop app": local
 * data in SQLite, encrypted with a key wrapped by Electron safeStorage).
 */
export { RecordStore, type RecordStoreOptions } from './RecordStore'
export * from './types'
export * from './errors'
export { AUDIT_GENESIS, auditEntryText, auditHash, type AuditEntryBody } from './auditHash'
export type { AuditHead } from './auditLog'
export { verifyStateRecord, verifyTxBytes, verifyTxInclusion } from './verifyRecord'
export { CIPHER, KEY_BYTES } from './openDatabase'
export { SCHEMA_VERSION } from './schema'
export { recordsHeaderSink } from './headerSink'
