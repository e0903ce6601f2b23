/** Small formatters for the Network screen: hashes shortened, times and percentages. */

/** `0x1234…cdef`: enough to tell hashes and addresses apart at a glance. */
export function shortHex(hex: string): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`
}

/** A share of voting power as a percentage with one decimal, from decimal strings. */
export function powerShare(power: string, total: string): string {
  const totalPower = BigInt(total)
  if (totalPower === 0n) return '0%'
  const tenths = (BigInt(power) * 1000n) / totalPower
  return `${tenths / 10n}.${tenths % 10n}%`
}

/** A block time (milliseconds since the epoch, as a decimal string) as a local time. */
export function blockTime(timeMs: string): string {
  return new Date(Number(timeMs)).toLocaleTimeString()
}
