import { describe, expect, it } from 'vitest'
import { deferred, fixed } from '../../../src/analysis/deferred-verdict.js'

describe('deferred verdicts', () => {
  it('put the reason into words only when it is first read, and once', () => {
    const calls: unknown[][] = []
    const explain = (a: number, b: string, c: boolean, d: null, e: number, f: string) => {
      calls.push([a, b, c, d, e, f])
      return `${a} ${b} ${c} ${d} ${e} ${f}`
    }
    const v = deferred('stalled', explain, 1, 'two', true, null, 5, 'six')
    expect(v.status).toBe('stalled')
    expect(calls).toEqual([])
    expect(v.reason).toBe('1 two true null 5 six')
    expect(v.reason).toBe('1 two true null 5 six')
    expect(calls).toEqual([[1, 'two', true, null, 5, 'six']])
  })

  it('keep nothing of what explains them as properties, and serialise as a plain verdict', () => {
    const v = deferred('lagging', (lag: number) => `lag ${lag}`, 7)
    expect(Object.keys(v)).toEqual(['status'])
    expect(JSON.parse(JSON.stringify(v))).toEqual({ status: 'lagging', reason: 'lag 7' })
    expect(JSON.parse(JSON.stringify({ verdict: v }))).toEqual({
      verdict: { status: 'lagging', reason: 'lag 7' },
    })
  })

  it('fixed verdicts are shared frozen plain objects', () => {
    const v = fixed('ok', 'caught up')
    expect(v).toEqual({ status: 'ok', reason: 'caught up' })
    expect(Object.isFrozen(v)).toBe(true)
  })
})
