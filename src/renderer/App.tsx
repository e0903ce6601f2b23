import { useEffect, useState } from 'react'
import type { AppInfo } from '../shared/ipc'
import { isIpcError } from '../shared/ipcError'

type AppInfoState =
  | { status: 'unavailable' }
  | { status: 'loading' }
  | { status: 'loaded'; info: AppInfo }
  | { status: 'failed'; message: string }

function useAppInfo(): AppInfoState {
  const [state, setState] = useState<AppInfoState>(() =>
    window.custos === undefined ? { status: 'unavailable' } : { status: 'loading' },
  )

  useEffect(() => {
    const bridge = window.custos
    if (bridge === undefined) return
    let active = true
    bridge.appInfo().then(
      (info) => {
        if (active) setState({ status: 'loaded', info })
      },
      (error: unknown) => {
        if (active) {
          setState({
            status: 'failed',
            message: isIpcError(error) || error instanceof Error ? error.message : String(error),
          })
        }
      },
    )
    return () => {
      active = false
    }
  }, [])

  return state
}

export function App() {
  const appInfo = useAppInfo()

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '3rem', maxWidth: '40rem' }}>
      <h1>Custos</h1>
      <p>The devnet UI arrives with the app.</p>
      {appInfo.status === 'loading' && <p>Reading app details…</p>}
      {appInfo.status === 'failed' && (
        <p role="alert">Could not read app details: {appInfo.message}</p>
      )}
      {appInfo.status === 'loaded' && (
        <dl>
          <dt>Version</dt>
          <dd>
            {appInfo.info.name} {appInfo.info.version}
          </dd>
          <dt>Runtime</dt>
          <dd>
            Electron {appInfo.info.electron}, Chromium {appInfo.info.chrome}, Node.js{' '}
            {appInfo.info.node} on {appInfo.info.platform}
          </dd>
        </dl>
      )}
    </main>
  )
}
