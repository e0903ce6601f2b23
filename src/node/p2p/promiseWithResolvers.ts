/**
 * libp2p 3, yamux 8 and it-queue call `Promise.withResolvers` (ES2024), which Node.js ships only
 * from 22; Custos runs on Node.js 20.19 too (package.json `engines`). Without it every Noise
 * handshake fails with "Promise.withResolvers is not a function" and the remote sees
 * ECONNRESET. This module installs the standard behaviour when, and only when, it is missing;
 * `createP2PNode.ts` imports it first.
 */
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor): PromiseWithResolvers<T> {
      let resolve!: (value: T | PromiseLike<T>) => void
      let reject!: (reason?: unknown) => void
      const promise = new this<T>((res, rej) => {
        resolve = res
        reject = rej
      })
      return { promise, resolve, reject }
    },
  })
}

export {}
