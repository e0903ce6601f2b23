export * from './types'
export * from './tally'
