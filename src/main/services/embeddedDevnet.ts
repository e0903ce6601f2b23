/**
 * The embedded devnet (ARCHITECTURE.md, "Embedded default"): four validator processes on
 * loopback in the app's data folder, created on first start (`createDevnet`) and reused after,
 * each a real `custos node start --validator` (`spawnNode`).
 */
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CustosRpc } from '../../node/client'
import { createDevnet, devnetHomes, spawnNode } from '../../node/cli/commands/devnet'
import { homePaths, readConfig } from '../../node/cli/home'
import { parseGenesis, type Genesis } from '../../node/state/genesis'
import { devnetDeviceKeyFile, VALIDATOR_PATH } from './devnetDevices'
import { ServiceError } from './errors'

export const DEVNET_VALIDATORS = 4

export interface EmbeddedDevnet {
  /** Each validator's JSON-RPC URL, validator-1 first. */
  rpcUrls: string[]
  genesis: Genesis
  /** The genesis document's validator names by address. */
  validatorNames: Map<`0x${string}`, string>
  /** Stops the validator processes (SIGTERM, then SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>
}

export interface StartEmbeddedDevnetParameters {
  /** The devnet's folder (inside the app's data folder). */
  dataDir: string
  /** How long to wait for the first block (default 60 s). */
  startTimeoutMs?: number
}

/** Creates the devnet on first start, starts its validators and waits for a first block. */
export async function startEmbeddedDevnet(
  p: StartEmbeddedDevnetParameters,
): Promise<EmbeddedDevnet> {
  let homes = devnetHomes(p.dataDir).filter((home) => /validator-\d+$/.test(home))
  if (homes.length === 0)
    homes = await createDevnet({
      dataDir: p.dataDir,
      validators: DEVNET_VALIDATORS,
      consensusKeys: [devnetDeviceKeyFile(0, VALIDATOR_PATH)],
    })
  if (homes.length !== DEVNET_VALIDATORS)
    throw new ServiceError(
      'DEVNET_START',
      `${p.dataDir} holds a devnet of ${homes.length} validators; the app runs ${DEVNET_VALIDATORS} (remove the folder to start a new one)`,
    )
  const rawGenesis: unknown = JSON.parse(
    readFileSync(homePaths(homes[0] as string).genesis, 'utf8'),
  )
  const genesis = parseGenesis(rawGenesis)
  const rpcUrls = homes.map((home) => `http://127.0.0.1:${readConfig(home).rpc.port}/`)
  const children = homes.map((home) => spawnNode(home))
  const devnet: EmbeddedDevnet = {
    rpcUrls,
    genesis,
    validatorNames: new Map(genesis.validators.map((v) => [v.address, v.name] as const)),
    stop: (graceMs = 5_000) => stopAll(children, graceMs),
  }
  try {
    await waitForBlock(rpcUrls[0] as string, p.startTimeoutMs ?? 60_000, children, homes)
  } catch (error) {
    await devnet.stop()
    throw error
  }
  return devnet
}

/** Waits until the first validator answers with a height of at least 1. */
async function waitForBlock(
  url: string,
  timeoutMs: number,
  children: readonly ChildProcess[],
  homes: readonly string[],
): Promise<void> {
  const rpc = new CustosRpc(url, { timeoutMs: 2_000 })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const exited = children.findIndex((child) => child.exitCode !== null)
    if (exited >= 0)
      throw new ServiceError(
        'DEVNET_START',
        `validator ${exited + 1} exited with code ${children[exited]?.exitCode}; see ${join(homes[exited] as string, 'node.log')}`,
      )
    try {
      if (BigInt((await rpc.status()).height) >= 1n) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new ServiceError(
        'DEVNET_START',
        `the devnet made no block within ${timeoutMs / 1000} s`,
        {
          details: { url },
        },
      )
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function stopAll(children: readonly ChildProcess[], graceMs: number): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs)
          child.once('exit', () => {
            clearTimeout(kill)
            resolve()
          })
          child.kill('SIGTERM')
        }),
    ),
  )
}
