/**
 * The Electron main entry (bundled as `out/main/index.js`). It only hands Electron's modules
 * to `bootMain`, which holds the start-up logic and is tested in Node with a stand-in.
 *
 * With no settings the services start the embedded devnet (four validators, the demo institution
 * with three simulated devices), the light node following it and the encrypted records, whose
 * key is wrapped with `safeStorage`.
 */
import { join } from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron'
import { createLogger } from '../node/cli/log'
import { bootMain, type RunningServices, type StartServicesContext } from './boot'
import { safeStorageKeyStore } from './security/safeStorageKeyStore'
import { startRunningServices } from './services/runningServices'

// JSON lines on stderr; pino-pretty's worker-thread transport is not used inside Electron.
const logger = createLogger('custos-main', { pretty: false })

function startServices(context: StartServicesContext): Promise<RunningServices> {
  // the embedded devnet's validators run the CLI from the app's sources (development builds)
  process.env['CUSTOS_CLI_ENTRY'] ??= join(app.getAppPath(), 'src/node/cli/main.ts')
  return startRunningServices({
    dataDir: context.userDataPath,
    keyStore: safeStorageKeyStore({
      safeStorage,
      path: join(context.userDataPath, 'records.key'),
      platform: process.platform,
      allowPlainTextBackend: !context.isPackaged,
    }),
    runtime: {
      name: app.getName(),
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
    },
  })
}

bootMain(
  { app, BrowserWindow, dialog, ipcMain, protocol, session, shell },
  {
    mainDir: import.meta.dirname,
    env: process.env,
    platform: process.platform,
    startServices,
    log: (message, error) => logger.error({ err: error }, message),
  },
)
