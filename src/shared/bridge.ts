import type { AppInfo } from './ipc'

/**
 * The shape of `window.custos`, which the preload script exposes to the
 * renderer: one function per channel of the IPC contract in `./ipc`.
 *
 * This file holds no zod schemas, so the sandboxed preload, which must be a
 * single self-contained script, does not carry the validation code that only
 * main needs.
 */
export const CUSTOS_BRIDGE_VERSION = 1

export interface CustosBridge {
  /** Version of this bridge's shape; bumped when a function changes. */
  readonly version: typeof CUSTOS_BRIDGE_VERSION
  appInfo(): Promise<AppInfo>
}
