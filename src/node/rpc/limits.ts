/** Limits that keep one client from exhausting the node (docs/rpc.md, "Limits"). */

export interface RateLimit {
  /** Most calls one IP address may make at once (bucket size). */
  burst: number
  /** Calls per second the bucket refills. */
  perSecond: number
}

export interface RpcLimits {
  /** Largest HTTP body, in bytes (larger: HTTP 413, -32600). */
  maxBodyBytes: number
  /** Most calls in one batch (more: -32600). */
  maxBatch: number
  /** Most headers `custos_getHeaders` returns. */
  maxHeaderRange: number
  /** Per-IP token bucket over HTTP and WebSocket calls (a batch of n costs n); null: none. */
  rateLimit: RateLimit | null
  /** Largest WebSocket message, in bytes (larger: the connection closes with 1009). */
  maxWsMessageBytes: number
  /** Most open WebSocket connections (more: the upgrade gets HTTP 503). */
  maxWsConnections: number
  /** Most open WebSocket connections from one IP address (more: HTTP 429). */
  maxWsConnectionsPerIp: number
  /** Most subscriptions on one WebSocket connection (more: -32006). */
  maxSubscriptionsPerConnection: number
  /** A WebSocket client that lets this many bytes of notifications queue up is disconnected. */
  maxWsBufferedBytes: number
  /** Most time to receive one HTTP request, headers and body. */
  requestTimeoutMs: number
  /** Most transactions `SubmittedTxs` remembers. */
  maxTrackedSubmissions: number
}

export const defaultLimits: RpcLimits = {
  maxBodyBytes: 1024 * 1024,
  maxBatch: 50,
  maxHeaderRange: 100,
  rateLimit: { burst: 200, perSecond: 100 },
  maxWsMessageBytes: 1024 * 1024,
  maxWsConnections: 256,
  maxWsConnectionsPerIp: 16,
  maxSubscriptionsPerConnection: 32,
  maxWsBufferedBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 10_000,
  maxTrackedSubmissions: 10_000,
}
