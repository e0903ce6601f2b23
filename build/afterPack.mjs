/**
 * electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary, before it
 * is signed (Electron security checklist, item 19, "Check which fuses you can change").
 *
 * - RunAsNode off: `ELECTRON_RUN_AS_NODE` cannot turn the app into a plain Node runtime;
 * - EnableNodeOptionsEnvironmentVariable off: `NODE_OPTIONS` cannot inject code;
 * - EnableNodeCliInspectArguments off: `--inspect` cannot attach a debugger;
 * - EnableEmbeddedAsarIntegrityValidation on: the app refuses an `app.asar` whose hash does
 *   not match the one electron-builder embedded (macOS and Windows);
 * - OnlyLoadAppFromAsar on: the app loads only from `app.asar`, never a loose `app/` folder;
 * - EnableCookieEncryption on, GrantFileProtocolExtraPrivileges off: cookies are encrypted at
 *   rest, and `file://` gets no privileges (the renderer is served from `app://`).
 *
 * `strictlyRequireAllFuses` stays off: Electron 45's wire has fuses newer than
 * @electron/fuses 1.8 can name (e.g. WasmTrapHandlers), which keep Electron's defaults; with it
 * on, the build would fail on them.
 */
import path from 'node:path'
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

/** The fuse wire of a packaged Custos. */
export const CUSTOS_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: false,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
}

/**
 * The Electron binary inside a packed app folder.
 *
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 * @returns {string}
 */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const name = packager.appInfo.productFilename
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${name}.app`)
    case 'win32':
      return path.join(appOutDir, `${name}.exe`)
    default:
      return path.join(appOutDir, packager.executableName ?? name)
  }
}

/**
 * @param {Parameters<typeof electronBinaryPath>[0] & { arch: number }} context
 * @returns {Promise<void>}
 */
export default async function afterPack(context) {
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas'
  await flipFuses(electronBinaryPath(context), {
    ...CUSTOS_FUSES,
    // Flipping fuses breaks the ad-hoc signature of arm64 macOS binaries; re-sign ad hoc
    // (the real signature is applied after this hook).
    resetAdHocDarwinSignature: isMac,
  })
}
