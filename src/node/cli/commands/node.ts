import { parseArgs } from 'node:util'
import { CliError } from '../home'
import { createLogger } from '../log'
import { startNode } from '../startNode'

export const nodeHelp = `custos node start --home DIR [--validator]

Runs a node from its home (see custos init): the chain store, peer-to-peer links to the
configured peers, consensus (signing votes with the consensus key with --validator) and the
JSON-RPC server on 127.0.0.1. Logs are JSON lines on stderr (pretty on a terminal).
SIGINT or SIGTERM stops it cleanly.

Options:
  --home DIR     the node's folder
  --validator    sign votes (needs consensus_key.json and config "validator": true)
  --help         this text`

export async function nodeCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const [action, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      home: { type: 'string' },
      validator: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help || action === '--help' || action === undefined) return out(nodeHelp)
  if (action !== 'start')
    throw new CliError(`unknown node action ${JSON.stringify(action)}; use 'custos node start'`)
  if (!values.home) throw new CliError('--home is required (see custos node start --help)')
  const pretty =
    process.env['CUSTOS_LOG_PRETTY'] === undefined
      ? undefined
      : process.env['CUSTOS_LOG_PRETTY'] === '1'
  const log = createLogger('custos-node', pretty === undefined ? {} : { pretty })
  const node = await startNode({ home: values.home, validator: Boolean(values.validator), log })
  out(`node ${node.moniker} rpc ${node.rpcUrl}`)
  await new Promise<void>((resolve) => {
    const stop = () => {
      log.info('stopping')
      node
        .stop()
        .catch((error: unknown) => log.error({ err: error }, 'stop failed'))
        .finally(resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
