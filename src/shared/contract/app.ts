/** App info: which build and runtime the UI talks to. */
import { z } from 'zod'
import { noRequest } from './values'

export const appChannels = {
  'custos:app-info': {
    request: noRequest,
    response: z.object({
      name: z.string(),
      version: z.string(),
      /** Electron's and Chrome's versions; empty when the handlers run in the web bridge. */
      electron: z.string(),
      chrome: z.string(),
      node: z.string(),
      platform: z.string(),
    }),
  },
} as const
