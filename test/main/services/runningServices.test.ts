/**
 * The handlers bound to services fit Electron's boot hook (`RunningServices` in boot.ts) and
 * answer through it: checked by the compiler, and at run time for a channel that needs no node.
 */
import { describe, expect, it } from 'vitest'
import type { RunningServices as BootRunningServices } from '../../../src/main/boot'
import { bindHandlers, toIpcError } from '../../../src/main/handlers'
import type { Services } from '../../../src/main/services/types'

describe('bound handlers', () => {
  it("fit bootMain's services hook", async () => {
    const services = {
      runtime: { name: 'Custos', version: '0.1.0', electron: '45', chrome: '140' },
    } as Services
    const running: BootRunningServices = {
      handlers: bindHandlers(services),
      toIpcError,
      stop: async () => undefined,
    }
    const info = await running.handlers['custos:app-info']?.({})
    expect(info).toMatchObject({ name: 'Custos', electron: '45', node: process.versions.node })
  })
})
