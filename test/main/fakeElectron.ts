/**
 * A recording stand-in for the Electron modules main uses, injected into `bootMain` and the
 * factories under test (Electron cannot run here). Each fake keeps what it was given, so
 * tests assert on the handlers and options main installed, and can drive them.
 */
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  WindowOpenHandlerResponse,
} from 'electron'
import type { MainElectron } from '../../src/main/boot'
import type { IpcMainLike } from '../../src/main/ipc'
import type { PermissionSession } from '../../src/main/security/permissions'
import type { BrowserWindowConstructor } from '../../src/main/window'

type Listener = (...args: never[]) => unknown

/** An emitter that keeps its listeners by event name. */
class Recorder {
  readonly listeners = new Map<string, Listener[]>()

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener)
  }

  /** Calls every listener of `event` with `args`. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      ;(listener as (...values: unknown[]) => unknown)(...args)
    }
  }
}

/** A navigation event whose `preventDefault` is observable. */
export function navigationEvent(url = 'https://evil.example/'): {
  url: string
  defaultPrevented: boolean
  preventDefault(): void
} {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true
    },
  }
}

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends Recorder {
  readonly mainFrame = new FakeFrame('about:blank')
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler
  }
}

export class FakeBrowserWindow extends Recorder {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly loadedUrls: string[] = []
  shown = false
  destroyed = false

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super()
    FakeBrowserWindow.instances.push(this)
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url)
    this.webContents.mainFrame.url = url
  }

  show(): void {
    this.shown = true
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  focus(): void {}
}

/** The window class as main sees it. */
export const FakeBrowserWindowClass = FakeBrowserWindow as unknown as BrowserWindowConstructor

export class FakeSession extends Recorder {
  requestHandler:
    | ((
        webContents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: unknown,
      ) => void)
    | null = null
  checkHandler:
    | ((webContents: unknown, permission: string, origin: string, details: unknown) => boolean)
    | null = null
  deviceHandler: ((details: unknown) => boolean) | null = null

  setPermissionRequestHandler(handler: FakeSession['requestHandler']): void {
    this.requestHandler = handler
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']): void {
    this.checkHandler = handler
  }
  setDevicePermissionHandler(handler: FakeSession['deviceHandler']): void {
    this.deviceHandler = handler
  }

  /** Asks the request handler, as Chromium would, and returns its answer. */
  request(permission: string, url = 'app://custos/index.html'): boolean | undefined {
    let answer: boolean | undefined
    this.requestHandler?.(null, permission, (granted) => (answer = granted), {
      requestingUrl: url,
      isMainFrame: true,
    })
    return answer
  }

  /** The session as the policy under test sees it. */
  get asPermissionSession(): PermissionSession {
    return this as unknown as PermissionSession
  }
}

export class FakeProtocol {
  readonly privileged: unknown[] = []
  readonly handlers = new Map<string, (request: Request) => Promise<Response> | Response>()

  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes)
  }
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    this.handlers.set(scheme, handler)
  }
}

type InvokeListener = (event: unknown, ...args: unknown[]) => unknown

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>()

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }

  /** Calls a channel's handler as `ipcRenderer.invoke` would. */
  async invoke(channel: string, event: unknown, payload: unknown): Promise<unknown> {
    const listener = this.handlers.get(channel)
    if (listener === undefined) throw new Error(`no handler for ${channel}`)
    return listener(event, payload)
  }
}

export class FakeShell {
  readonly opened: string[] = []
  async openExternal(url: string): Promise<void> {
    this.opened.push(url)
  }
}

export class FakeApp extends Recorder {
  isPackaged = true
  sandboxed = false
  quitCalls = 0
  exitCode: number | null = null
  hasLock = true
  private resolveReady: () => void = () => undefined
  private readonly readyPromise = new Promise<void>((resolve) => {
    this.resolveReady = resolve
  })

  enableSandbox(): void {
    this.sandboxed = true
  }
  requestSingleInstanceLock(): boolean {
    return this.hasLock
  }
  whenReady(): Promise<void> {
    return this.readyPromise
  }
  /** Fires `ready`. */
  ready(): void {
    this.resolveReady()
  }
  quit(): void {
    this.quitCalls += 1
  }
  exit(code?: number): void {
    this.exitCode = code ?? 0
  }
  getPath(): string {
    return '/tmp/custos-user-data'
  }
}

export class FakeDialog {
  readonly errors: Array<{ title: string; content: string }> = []
  showErrorBox(title: string, content: string): void {
    this.errors.push({ title, content })
  }
}

/** A whole stand-in Electron, plus the fakes behind it. */
export function fakeElectron() {
  FakeBrowserWindow.instances = []
  const app = new FakeApp()
  const protocol = new FakeProtocol()
  const session = new FakeSession()
  const ipcMain = new FakeIpcMain()
  const shell = new FakeShell()
  const dialog = new FakeDialog()
  const electron: MainElectron = {
    app,
    BrowserWindow: FakeBrowserWindowClass,
    protocol,
    session: { defaultSession: session.asPermissionSession },
    ipcMain: ipcMain as unknown as IpcMainLike,
    shell,
    dialog,
  }
  return { electron, app, protocol, session, ipcMain, shell, dialog }
}
