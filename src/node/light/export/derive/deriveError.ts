/**
 * Why a record's fields cannot be derived from its proven bytes: the proof is for another
 * kind of key, or the proven bytes are not what that key holds. The verifier reports it as a
 * failure of the record; the exporter as a `BadRecord`.
 */
export class DeriveError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'DeriveError'
  }
}
