/**
 * The simulated Ethereum app: its APDU dispatcher (app-ethereum apdu_dispatch.c) for CLA 0xE0.
 *
 * Implemented: GET ETH PUBLIC ADDRESS (0x02), GET APP CONFIGURATION (0x06), SIGN ETH PERSONAL
 * MESSAGE (0x08), SIGN ETH EIP 712 (0x0C) and the EIP-712 struct and filtering commands
 * (0x1A, 0x1C, 0x1E). Every other instruction answers 0x6D00, which is what the real app
 * answers to an instruction it lacks and what hw-app-eth expects from an app without a
 * feature (e.g. it treats 0x6D00 to PROVIDE ERC 20 TOKEN INFORMATION as "not needed").
 * The Nano S app is built without HAVE_EIP712_FULL_SUPPORT: 0x1A/0x1C/0x1E answer 0x6D00 and
 * SIGN EIP 712 with P2 0x01 answers 0x6B00.
 */
import { response, type CommandApdu } from './apdu'
import type { AppEnvironment } from './appEnvironment'
import {
  Eip712Commands,
  INS_EIP712_FILTERING,
  INS_EIP712_SIGN,
  INS_EIP712_STRUCT_DEF,
  INS_EIP712_STRUCT_IMPL,
} from './eip712/commands'
import { StatusWordError } from './errors'
import { getAddress } from './getAddress'
import { PersonalMessageSigner } from './signPersonalMessage'
import { StatusWords } from './statusWords'

export const ETHEREUM_CLA = 0xe0
const INS_GET_PUBLIC_KEY = 0x02
const INS_GET_APP_CONFIGURATION = 0x06
const INS_SIGN_PERSONAL_MESSAGE = 0x08

/** GET APP CONFIGURATION flags (doc/apdu.md). */
const FLAG_BLIND_SIGNING = 0x01
const FLAG_EXTERNAL_TOKEN_NEEDED = 0x02

export class EthereumApp {
  private readonly personal = new PersonalMessageSigner()
  private readonly eip712: Eip712Commands

  constructor(private readonly env: AppEnvironment) {
    this.eip712 = new Eip712Commands(env)
  }

  /** Answers one command APDU with response data and status word. */
  async handle(command: CommandApdu): Promise<Uint8Array> {
    try {
      return response(StatusWords.OK, await this.dispatch(command))
    } catch (error) {
      if (error instanceof StatusWordError) return response(error.statusWord)
      throw error
    }
  }

  private async dispatch(command: CommandApdu): Promise<Uint8Array> {
    if (command.cla !== ETHEREUM_CLA) {
      throw new StatusWordError(StatusWords.CLA_NOT_SUPPORTED, `CLA 0x${command.cla.toString(16)}`)
    }
    const fullEip712 = this.env.model !== 'nanoS'
    switch (command.ins) {
      case INS_GET_PUBLIC_KEY:
        // reset_app_context(): a new request ends any signing flow in progress.
        this.personal.reset()
        this.eip712.reset()
        return getAddress(command, this.env)
      case INS_GET_APP_CONFIGURATION:
        return this.appConfiguration()
      case INS_SIGN_PERSONAL_MESSAGE:
        return this.personal.handle(command, this.env)
      case INS_EIP712_SIGN:
        return this.eip712.handle(command)
      case INS_EIP712_STRUCT_DEF:
      case INS_EIP712_STRUCT_IMPL:
      case INS_EIP712_FILTERING:
        if (fullEip712) return this.eip712.handle(command)
        break
    }
    throw new StatusWordError(StatusWords.INS_NOT_SUPPORTED, `INS 0x${command.ins.toString(16)}`)
  }

  /** Flags (blind signing, ERC-20 info provided externally), then major, minor, patch. */
  private appConfiguration(): Uint8Array {
    const { major, minor, patch } = this.env.version
    const flags = (this.env.blindSigning() ? FLAG_BLIND_SIGNING : 0) | FLAG_EXTERNAL_TOKEN_NEEDED
    return Uint8Array.of(flags, major, minor, patch)
  }
}
