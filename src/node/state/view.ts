/**
 * Copy-on-write views over the state.
 *
 * A `StateView` layers writes over a parent (another view, or a `StateReader` such as the
 * store's latest state). Handlers write into a forked view; `commit()` merges it into its
 * parent, and a view that is dropped leaves the parent untouched: that is how a failing
 * transaction or a failing settlement changes nothing. Values are decoded records and must be
 * treated as immutable: write a new object, never mutate one read from a view.
 */
import { decodeStateValue } from '../protocol/stateValue'

/** Read access to committed state bytes by key. */
export interface StateReader {
  get(key: string): Uint8Array | undefined
}

const DELETED = Symbol('deleted')
type Slot = unknown

export class StateView {
  private readonly writes = new Map<string, Slot>()
  private readonly parent: StateView | undefined
  private readonly reader: StateReader | undefined
  private readonly readCache: Map<string, Slot> | undefined

  constructor(parent: StateView | StateReader) {
    if (parent instanceof StateView) {
      this.parent = parent
    } else {
      this.reader = parent
      this.readCache = new Map()
    }
  }

  /** Decoded value under `key`, or undefined. */
  get<T>(key: string): T | undefined {
    if (this.writes.has(key)) {
      const slot = this.writes.get(key)
      return slot === DELETED ? undefined : (slot as T)
    }
    if (this.parent) return this.parent.get<T>(key)
    const cache = this.readCache as Map<string, Slot>
    if (cache.has(key)) {
      const slot = cache.get(key)
      return slot === DELETED ? undefined : (slot as T)
    }
    const bytes = (this.reader as StateReader).get(key)
    const value = bytes === undefined ? DELETED : decodeStateValue(bytes)
    cache.set(key, value)
    return value === DELETED ? undefined : (value as T)
  }

  set(key: string, value: unknown): void {
    if (value === undefined || value === null)
      throw new Error(`state value for ${key} must be defined`)
    this.writes.set(key, value)
  }

  delete(key: string): void {
    this.writes.set(key, DELETED)
  }

  /** A child view whose writes reach this view only on `commit()`. */
  fork(): StateView {
    return new StateView(this)
  }

  /** Merges this view's writes into its parent view. */
  commit(): void {
    if (!this.parent) throw new Error('a root view has no parent to commit into')
    for (const [key, slot] of this.writes) this.parent.writes.set(key, slot)
    this.writes.clear()
  }

  /** Writes of this view: key → value, or null for a deletion. Sorted by key. */
  changes(): Array<[string, unknown]> {
    return [...this.writes.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, slot]) => [key, slot === DELETED ? null : slot])
  }
}
