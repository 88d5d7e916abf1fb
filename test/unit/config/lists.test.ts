import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pollSetup } from '../../../src/collect/from-config.js'
import { parseInvocation } from '../../../src/config/parse.js'
import type { Config } from '../../../src/config/settings.js'
import { slices } from '../../../src/config/slices.js'
import type { KafkaSource } from '../../../src/kafka/source.js'

const dir = mkdtempSync(join(tmpdir(), 'kafkascope-lists-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function config(argv: string[], env: NodeJS.ProcessEnv = {}): Config {
  const inv = parseInvocation(argv, env)
  if (inv.kind !== 'run') throw new Error(inv.kind)
  return inv.config
}

function error(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseInvocation(argv, env)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected an error')
}

const NAMES = ['orders', 'orders-dlq', 'payments', '__consumer_offsets', 'svc-billing', 'svc-debug']

describe('KMinion-style allow and ignore lists', () => {
  it('come from repeated flags, comma-separated variables and config file lists', () => {
    expect(config(['--topic.allow=orders', '--topic.allow=/^pay/']).topicAllow).toEqual(['orders', '/^pay/'])
    expect(config([], { KAFKASCOPE_GROUP_IGNORE: 'svc-debug, /^console-/' }).groupIgnore).toEqual([
      'svc-debug',
      '/^console-/',
    ])
    const file = join(dir, 'lists.yml')
    writeFileSync(file, 'topic:\n  ignore: [/^__/, orders-dlq]\ngroup:\n  allow:\n    - /^svc-/\n')
    const fromFile = config([`--config.file=${file}`])
    expect(fromFile.topicIgnore).toEqual(['/^__/', 'orders-dlq'])
    expect(fromFile.groupAllow).toEqual(['/^svc-/'])
  })

  it('select the topics and groups a poll keeps, with the regexes', () => {
    const c = config([
      '--topic.exclude=^__',
      '--topic.ignore=/-dlq$/',
      '--group.allow=/^svc-/',
      '--group.ignore=svc-debug',
    ])
    const setup = pollSetup(slices(c).poll, {} as KafkaSource)
    expect(NAMES.filter(setup.topicFilter)).toEqual(['orders', 'payments', 'svc-billing', 'svc-debug'])
    expect(NAMES.filter(setup.groupFilter)).toEqual(['svc-billing'])
  })

  it('a bad /regex/ entry fails the start with its position; an empty entry too', () => {
    expect(error(['--topic.allow=/^orders-(eu|us/'])).toBe(
      'invalid value for flag --topic.allow: "^orders-(eu|us" is not a valid RE2 regular expression: missing closing ) at character 9: "^orders-(eu|us"',
    )
    expect(error(['--group.ignore='])).toBe(
      'invalid value for flag --group.ignore: the entry is empty; use a topic or group name, or /regex/',
    )
  })
})
