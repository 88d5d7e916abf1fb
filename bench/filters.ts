/**
 * Cost of the topic and group filters on the poll's hot path: they run for every topic, group and group offset of
 * every poll. Compares JavaScript's RegExp (what kafkascope used before), RE2 (re2js) per call, and RE2 behind the
 * per-name memo that nameFilter keeps.
 *
 *   npx tsx bench/filters.ts [topics] [groups] [offsets per group]
 */
import { RE2JS } from 're2js'
import { nameFilter } from '../src/collect/filters.js'

const topics = Number(process.argv[2] ?? 10_000)
const groups = Number(process.argv[3] ?? 20_000)
const offsetsPerGroup = Number(process.argv[4] ?? 10)

const topicNames = Array.from(
  { length: topics },
  (_, i) => `${['orders', 'payments', 'billing', '__tx'][i % 4]}-eu-${i}`,
)
const groupNames = Array.from({ length: groups }, (_, i) => `svc-${i % 50}-consumer-${i}`)
// One poll's calls: each topic once (metadata), each group once, each committed offset's topic (record timestamps).
const calls = [
  ...topicNames,
  ...groupNames,
  ...groupNames.flatMap((_, g) =>
    Array.from({ length: offsetsPerGroup }, (_, k) => topicNames[(g * 7 + k) % topics] as string),
  ),
]

const CASES: [string, string, string][] = [
  ['defaults', '.*', '^$'],
  ['realistic', '^(orders|payments)-[a-z]+-\\d+$', '^__'],
  ['1000-name alternation', `^(${topicNames.slice(0, 1000).join('|')})$`, '^__'],
]

type Filter = (name: string) => boolean
const plain = (make: (s: string) => { test(n: string): boolean }, inc: string, exc: string): Filter => {
  const i = make(inc)
  const e = make(exc)
  return (n) => i.test(n) && !e.test(n)
}

function time(filter: Filter): number {
  const started = performance.now()
  let kept = 0
  for (const name of calls) if (filter(name)) kept++
  if (kept < 0) throw new Error('unreachable')
  return performance.now() - started
}

console.log(
  `${topics} topics, ${groups} groups, ${calls.length} filter calls per poll; ms per poll (median of 9)`,
)
console.log('| patterns | JS RegExp | RE2 per call | RE2 memoised, first poll | RE2 memoised, next polls |')
console.log('|---|---|---|---|---|')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
for (const [name, inc, exc] of CASES) {
  const js = plain((s) => new RegExp(s), inc, exc)
  const re2 = plain((s) => RE2JS.compile(s), inc, exc)
  const memo = nameFilter(inc, exc)
  const first = time(memo)
  const row = [
    median([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => time(js))),
    median([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => time(re2))),
    first,
    median([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => time(memo))),
  ]
  console.log(`| ${name} | ${row.map((x) => x.toFixed(1)).join(' | ')} |`)
}
