import { describe, expect, it } from 'vitest'
import { describeError } from '../../src/renderer/describeError'

describe('describeError', () => {
  it('says what happened and what to do for a refused call', () => {
    expect(describeError({ code: 'NOT_READY', message: 'the devnet is starting' })).toBe(
      'The devnet is starting. The services are still starting; this clears by itself in a few seconds.',
    )
  })
  it('handles plain errors and other values', () => {
    expect(describeError(new Error('boom'))).toMatch(/^Boom\. Try again/)
    expect(describeError('')).toMatch(/^Something went wrong\./)
  })
})
