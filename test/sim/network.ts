/**
 * The simulation's virtual clock, event queue and network.
 *
 * Time is virtual milliseconds. Events run in order of (time, sequence number), so two events
 * at the same time run in the order they were scheduled and a run depends only on its seed.
 * The network delivers each message after a random delay (so messages overtake each other),
 * loses some, duplicates some, and refuses to carry messages across a partition while it lasts.
 */

/** A binary min-heap of callbacks keyed by (time, sequence). */
export class EventQueue {
  private readonly heap: { time: number; seq: number; run: () => void }[] = []
  private seq = 0
  /** The virtual time of the event being run. */
  now = 0

  get size(): number {
    return this.heap.length
  }

  schedule(time: number, run: () => void): void {
    const item = { time: Math.max(time, this.now), seq: this.seq++, run }
    const heap = this.heap
    heap.push(item)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(item, heap[parent] as typeof item)) break
      heap[i] = heap[parent] as typeof item
      i = parent
    }
    heap[i] = item
  }

  after(delayMs: number, run: () => void): void {
    this.schedule(this.now + delayMs, run)
  }

  /** Runs the earliest event; false when the queue is empty or the next event is after `until`. */
  step(until: number): boolean {
    const top = this.heap[0]
    if (top === undefined || top.time > until) return false
    const last = this.heap.pop() as typeof top
    if (this.heap.length > 0) this.siftDown(last)
    this.now = top.time
    top.run()
    return true
  }

  private before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq)
  }

  private siftDown(item: { time: number; seq: number; run: () => void }): void {
    const heap = this.heap
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= heap.length) break
      const right = left + 1
      const child =
        right < heap.length && this.before(heap[right] as typeof item, heap[left] as typeof item)
          ? right
          : left
      if (!this.before(heap[child] as typeof item, item)) break
      heap[i] = heap[child] as typeof item
      i = child
    }
    heap[i] = item
  }
}

export interface NetworkConditions {
  /** Probability that a message is lost. */
  lossRate: number
  /** Probability that a delivered message is delivered a second time (with its own delay). */
  duplicateRate: number
  minDelayMs: number
  maxDelayMs: number
}

/** Nodes in different groups cannot reach each other from `startMs` until `endMs`. */
export interface Partition {
  startMs: number
  endMs: number
  groups: number[][]
}

export type Deliver = (from: number, to: number, bytes: Uint8Array) => void

export class VirtualNetwork {
  /** Messages handed to the network, lost, and delivered (duplicates included). */
  readonly stats = { sent: 0, lost: 0, delivered: 0 }

  constructor(
    private readonly queue: EventQueue,
    private readonly random: () => number,
    private readonly conditions: NetworkConditions,
    private readonly partitions: readonly Partition[],
    private readonly deliver: Deliver,
  ) {}

  /** Whether `a` and `b` can talk at virtual time `time`. */
  connected(a: number, b: number, time: number): boolean {
    for (const p of this.partitions) {
      if (time < p.startMs || time >= p.endMs) continue
      const group = p.groups.find((g) => g.includes(a))
      if (group !== undefined && !group.includes(b)) return false
    }
    return true
  }

  send(from: number, to: number, bytes: Uint8Array): void {
    this.stats.sent++
    if (!this.connected(from, to, this.queue.now) || this.random() < this.conditions.lossRate) {
      this.stats.lost++
      return
    }
    const copies = this.random() < this.conditions.duplicateRate ? 2 : 1
    for (let i = 0; i < copies; i++) {
      const { minDelayMs, maxDelayMs } = this.conditions
      const delay = minDelayMs + this.random() * (maxDelayMs - minDelayMs)
      this.queue.after(delay, () => {
        this.stats.delivered++
        this.deliver(from, to, bytes)
      })
    }
  }
}
