export * from './Chain'
export * from './executeBlock'
export * from './nativeRecover'
