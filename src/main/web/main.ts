/**
 * `npm run web [-- --port N] [--data-dir DIR]`: starts the services (the embedded devnet by
 * default) and the web bridge on 127.0.0.1, prints the URL with its token, and stops both on
 * SIGINT or SIGTERM. The records key is kept in `DIR/records.key` (mode 0600).
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { fileKeyStore } from '../services/keyStore'
import { startServices } from '../services/startServices'
import { startWebBridge } from './server'

/** Lines for the person who started the bridge (stdout) and for failures (stderr). */
const say = (line: string): void => void process.stdout.write(`${line}\n`)
const complain = (line: string): void => void process.stderr.write(`${line}\n`)

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)))

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  })
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error('--port must be a port number (0–65535)')
  const dataDir = resolve(values['data-dir'] ?? join(repoRoot, '.custos', 'web'))
  const rendererDir = join(repoRoot, 'out', 'renderer')

  say(`starting the embedded devnet in ${dataDir} …`)
  const services = await startServices({
    dataDir,
    keyStore: fileKeyStore(join(dataDir, 'records.key')),
  })
  const bridge = await startWebBridge({
    services,
    port,
    ...(existsSync(rendererDir) ? { rendererDir } : {}),
  })
  say(`web bridge: ${bridge.url}#token=${bridge.token}`)
  say(`WebSocket:  ws://127.0.0.1:${bridge.port}/?token=${bridge.token}`)
  services.ready.then(
    () => say('demo institution ready'),
    (error: unknown) => complain(error instanceof Error ? error.message : String(error)),
  )

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    say('stopping…')
    void bridge
      .close()
      .then(() => services.stop())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  complain(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
