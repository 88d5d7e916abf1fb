import { describe, expect, it } from 'vitest'
import { compileRegex, listEntryMatcher, nameFilter, RegexSyntaxError } from '../../../src/collect/filters.js'

/** Whether JavaScript's own RegExp, as kafkascope used before, would match (undefined: it refuses the pattern). */
function jsMatches(pattern: string, name: string): boolean | undefined {
  try {
    return new RegExp(pattern).test(name)
  } catch {
    return undefined
  }
}

describe('filter regexes are RE2, as in Go (kafka_exporter, KMinion)', () => {
  // [pattern, name, RE2's answer (Go's regexp.MatchString), what JavaScript's RegExp does]
  it.each<[string, string, boolean, boolean | undefined]>([
    // Inline flags: JS has no (?i) at the start of a pattern.
    ['(?i)^orders$', 'ORDERS', true, undefined],
    ['(?i:pay)ments', 'PAYments', true, undefined],
    ['(?s)a.b', 'a\nb', true, undefined],
    // Go's named group syntax.
    ['^(?P<env>prod|dev)-', 'prod-orders', true, undefined],
    // \z is the end of text in RE2; in JS (without the u flag) it is the letter z.
    ['orders\\z', 'orders', true, false],
    ['orders\\z', 'ordersz', false, true],
    // POSIX classes: JS reads [[:alpha:]] as the set "[:alph" followed by "]".
    ['^[[:alpha:]]+$', 'orders', true, false],
    ['^[[:digit:]]+$', '2024', true, false],
    ['^[[:alpha:]]+$', 'a]', false, true],
    // Unicode classes: \pL is any letter in RE2, "pL" in JS without the u flag.
    ['^\\pL+$', 'zürich', true, false],
    ['^\\p{Greek}+$', 'αβγ', true, false],
    ['^\\pL+$', 'pL', true, true],
    // \Q...\E quotes literally in RE2.
    ['^\\Qa.b\\E$', 'a.b', true, false],
    ['^\\Qa.b\\E$', 'axb', false, false],
    // Unanchored, as MatchString.
    ['orders', 'eu.orders.v1', true, true],
    ['^$', '', true, true],
    ['^$', 'x', false, false],
  ])('%s on %j: %s (JavaScript: %s)', (pattern, name, re2, js) => {
    expect(compileRegex(pattern).test(name)).toBe(re2)
    expect(jsMatches(pattern, name)).toBe(js)
  })

  it.each<[string, string, number | undefined, string]>([
    ['(?=a)', 'invalid or unsupported Perl syntax', 1, '(?='],
    ['^(a|b)(?<!c)', 'invalid named capture', 7, '(?<!c)'],
    ['orders-\\1', 'invalid escape sequence', 8, '\\1'],
    ['orders\\Z', 'invalid escape sequence', 7, '\\Z'],
    ['a**', 'invalid nested repetition operator', 2, '**'],
    ['^x{1001}$', 'invalid repeat count', 3, '{1001}'],
    ['(a{999}){999}', 'invalid repeat count', 9, '{999}'],
    ['[z-a]', 'invalid character class range', 2, 'z-a'],
    ['^(orders|payments', 'missing closing )', 2, '^(orders|payments'],
    ['^orders)|payments', 'unexpected )', 8, '^orders)|payments'],
    ['^[(]orders(', 'missing closing )', 11, '^[(]orders('],
    ['^[]a', 'missing closing ]', 2, '[]a'],
    ['^[[:alpha:]', 'missing closing ]', 2, '[[:alpha:]'],
  ])('refuses %s: %s at character %s', (pattern, reason, position, fragment) => {
    let thrown: unknown
    try {
      compileRegex(pattern)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(RegexSyntaxError)
    expect(thrown).toMatchObject({ reason, position, fragment })
  })

  it('matches in time linear in the name: a pattern that makes backtracking explode is instant', () => {
    // (a+)+$ on "aaa…b" takes 2^n steps in a backtracking engine (V8 would not finish); RE2 has no backtracking.
    const name = `${'a'.repeat(5000)}b`
    const started = performance.now()
    expect(compileRegex('(a+)+$').test(name)).toBe(false)
    expect(compileRegex('^(a|aa)+$').test(name)).toBe(false)
    expect(compileRegex('(a+)+b$').test(name)).toBe(true)
    // A loose bound, far above RE2's few milliseconds and far below what backtracking would take.
    expect(performance.now() - started).toBeLessThan(2000)
  })
})

describe('allow and ignore lists (KMinion form)', () => {
  it('an entry is a name matched exactly, or /regex/ (RE2, unanchored)', () => {
    expect(listEntryMatcher('orders')('orders')).toBe(true)
    expect(listEntryMatcher('orders')('eu.orders')).toBe(false)
    // Regex characters in a plain entry are literal.
    expect(listEntryMatcher('orders.v1')('ordersxv1')).toBe(false)
    expect(listEntryMatcher('/orders/')('eu.orders.v1')).toBe(true)
    expect(listEntryMatcher('/^(?i)orders$/')('ORDERS')).toBe(true)
    expect(listEntryMatcher('/')('/')).toBe(true)
    expect(() => listEntryMatcher('/orders(/')).toThrow(RegexSyntaxError)
  })

  it.each<[string, { include?: string; exclude?: string; allow?: string[]; ignore?: string[] }, string[]]>([
    ['no lists: the regexes alone', {}, ['orders', 'payments', '__consumer_offsets', 'orders-dlq']],
    ['an allow list keeps only its names', { allow: ['orders', '/^pay/'] }, ['orders', 'payments']],
    ['an ignore list drops its names', { ignore: ['/^__/', 'orders-dlq'] }, ['orders', 'payments']],
    ['ignore wins over allow', { allow: ['/^orders/'], ignore: ['/-dlq$/'] }, ['orders']],
    [
      'the regexes and the lists must both pass',
      { include: '^o', allow: ['/s$/'] },
      ['orders', 'orders-dlq'].filter((n) => n.endsWith('s')),
    ],
    ['exclude wins over allow', { exclude: 'dlq', allow: ['orders-dlq', 'orders'] }, ['orders']],
  ])('%s', (_, spec, kept) => {
    const filter = nameFilter(spec.include ?? '.*', spec.exclude ?? '^$', spec)
    expect(['orders', 'payments', '__consumer_offsets', 'orders-dlq'].filter(filter)).toEqual(kept)
  })

  it('decides each name once and gives the same answer from the memo', () => {
    const filter = nameFilter('^orders', 'dlq')
    for (let i = 0; i < 3; i++) {
      expect(filter('orders')).toBe(true)
      expect(filter('orders-dlq')).toBe(false)
      expect(filter('payments')).toBe(false)
    }
  })
})
