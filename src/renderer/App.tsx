/**
 * The app shell: opens the bridge once, then shows the sidebar and the chosen screen. Screens
 * that are not built yet say so rather than linking to something broken.
 */
import { useEffect, useState } from 'react'
import type { CustosBridge } from '../shared/bridge'
import { openBridge } from './bridge/openBridge'
import { Sidebar } from './layout/Sidebar'
import { SCREENS, type ScreenId } from './layout/screens'
import { NetworkScreen } from './network/NetworkScreen'
import { useCustosStore } from './store'

export function App() {
  const connection = useCustosStore((s) => s.connection)
  const connect = useCustosStore((s) => s.connect)
  const [screen, setScreen] = useState<ScreenId>('network')

  useEffect(() => {
    void connect(
      openBridge({ preloadBridge: window.custos, host: location.host, hash: location.hash }),
    )
  }, [connect])

  return (
    <div style={{ display: 'flex', minHeight: '100vh', fontFamily: 'system-ui, sans-serif' }}>
      <Sidebar current={screen} onSelect={setScreen} />
      <main style={{ padding: '1.5rem 2rem', flex: 1, maxWidth: '60rem' }}>
        {connection.status === 'connecting' && <p>Connecting to Custos…</p>}
        {connection.status === 'failed' && (
          <p role="alert">Could not connect to Custos. {connection.message}</p>
        )}
        {connection.status === 'connected' && <Screen id={screen} bridge={connection.bridge} />}
      </main>
    </div>
  )
}

function Screen({ id, bridge }: { id: ScreenId; bridge: CustosBridge }) {
  if (id === 'network') return <NetworkScreen bridge={bridge} />
  const label = SCREENS.find((s) => s.id === id)?.label ?? id
  return (
    <section aria-labelledby="screen-heading">
      <h1 id="screen-heading">{label}</h1>
      <p>{label} is coming next. Network is ready now.</p>
    </section>
  )
}
