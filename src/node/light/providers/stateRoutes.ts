/**
 * Which RPC method serves a state key (docs/rpc.md, "Public and private state"): public keys
 * through `custos_getState`, an address's private records through the signed methods that
 * prove them. Each route names the method, its params and how to read the answer.
 */
export interface StateRoute {
  method: string
  params: Record<string, unknown>
  /** Private methods need `params.auth`. */
  private: boolean
  /** The answer is `custos_getBalances`' shape rather than a proven value. */
  balances: boolean
}

const routes: ReadonlyArray<{
  pattern: RegExp
  route: (match: RegExpExecArray) => Omit<StateRoute, 'private' | 'balances'> & { balances?: true }
}> = [
  {
    pattern: /^balance\/([A-Z][A-Z0-9.-]{0,11})\/(0x[0-9a-f]{40})$/,
    route: (m) => ({
      method: 'custos_getBalances',
      params: { address: m[2], symbols: [m[1]] },
      balances: true,
    }),
  },
  {
    pattern: /^nonce\/(0x[0-9a-f]{40})$/,
    route: (m) => ({ method: 'custos_getNonce', params: { address: m[1] } }),
  },
  {
    pattern: /^participant\/(0x[0-9a-f]{40})$/,
    route: (m) => ({ method: 'custos_getParticipantClaims', params: { address: m[1] } }),
  },
  {
    pattern: /^account\/(0x[0-9a-f]{40})$/,
    route: (m) => ({ method: 'custos_getAccount', params: { account: m[1] } }),
  },
  {
    pattern: /^instruction\/(0x[0-9a-f]{64})$/,
    route: (m) => ({ method: 'custos_getInstruction', params: { id: m[1] } }),
  },
]

/** The route of `key`; unknown keys go to `custos_getState` (the node refuses private ones). */
export function stateRoute(key: string): StateRoute {
  for (const { pattern, route } of routes) {
    const match = pattern.exec(key)
    if (match) {
      const { balances, ...rest } = route(match)
      return { ...rest, private: true, balances: balances === true }
    }
  }
  return { method: 'custos_getState', params: { key }, private: false, balances: false }
}
