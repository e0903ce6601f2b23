export * from './Store'
export { migrate, migrations } from './schema'
