/**
 * The `custos` command.
 *
 *   custos init         create a node home (keys, config, genesis)
 *   custos node start   run a node (a validator with --validator)
 *   custos devnet up    run a local network of validators on loopback
 *   custos status       show a node's height, latest block, validators, peers
 *   custos account      multi-approver custody accounts: create, propose, approve, explain
 *   custos gov          governance: propose, vote, list
 *   custos export       auditor export of a records file: bundle with proofs, CSV, PDF
 *   custos verify-export  verify an auditor export offline from a trusted root
 */
import { pathToFileURL } from 'node:url'
import { NodeUnreachable } from '../client'
import { CustosError } from '../protocol/errors'
import { accountCommand, accountHelp } from './commands/account'
import { devnetCommand, devnetHelp } from './commands/devnet'
import { exportCommand, exportHelp } from './commands/export'
import { govCommand, govHelp } from './commands/gov'
import { initCommand, initHelp } from './commands/init'
import { nodeCommand, nodeHelp } from './commands/node'
import { statusCommand, statusHelp } from './commands/status'
import { verifyExportCommand, verifyExportHelp } from './commands/verifyExport'
import { CliError } from './home'

const usage = `custos — node, devnet and tools of the Custos Tier-2 network

Usage:
  custos init --home DIR [--validator] [--genesis FILE]
  custos node start --home DIR [--validator]
  custos devnet up [--validators 4] [--data-dir DIR]
  custos status [--rpc URL] [--json]
  custos account create|propose|approve|reject|cancel|execute|explain|list|show --key FILE ...
  custos gov propose|vote|list|show [--key FILE] ...
  custos export --records FILE --key-file FILE --out DIR --trusted-root H:HASH ...
  custos verify-export BUNDLE --trusted-root H:HASH [--json]

Run 'custos <command> --help' for a command's options.`

const out = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

type Command = (argv: string[], out: (line: string) => void) => Promise<number | void>

/** Each `custos <command>` and the function that runs it. */
const commands: Record<string, Command> = {
  init: initCommand,
  node: nodeCommand,
  devnet: devnetCommand,
  status: statusCommand,
  account: accountCommand,
  gov: govCommand,
  export: exportCommand,
  'verify-export': verifyExportCommand,
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      out(usage)
      return 0
    }
    const run = Object.hasOwn(commands, command) ? commands[command] : undefined
    if (!run) {
      process.stderr.write(`custos: unknown command ${JSON.stringify(command)}\n\n${usage}\n`)
      return 2
    }
    // a command returns its exit code, or nothing for success
    return (await run(rest, out)) ?? 0
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // bad usage, input or --rpc (2) versus a chain that refused or did not include (1)
    const bad =
      error instanceof CliError ||
      error instanceof NodeUnreachable ||
      (error instanceof CustosError && error.code === 'INVALID_VALUE') ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    process.stderr.write(`custos: ${message}\n`)
    return bad ? 2 : 1
  }
}

export const helpTexts = {
  init: initHelp,
  node: nodeHelp,
  devnet: devnetHelp,
  status: statusHelp,
  account: accountHelp,
  gov: govHelp,
  export: exportHelp,
  'verify-export': verifyExportHelp,
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await main(process.argv.slice(2))
  // a node or devnet returns once it has stopped; nothing else is left to wait for
  process.exit(code)
}
