import { describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import { slices } from '../../../src/config/slices.js'
import { ConfigError } from '../../../src/errors.js'

/** The output slice the daemon renders with, for these flags and variables. */
function output(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const inv = parseInvocation(argv, env)
  if (inv.kind !== 'run') throw new Error(`expected a run invocation, got ${inv.kind}`)
  const { topicGranularity, groupGranularity } = slices(inv.config).output
  return { topicGranularity, groupGranularity }
}

describe('granularity per area (--metrics.topic-granularity, --metrics.group-granularity)', () => {
  it('follows --metrics.granularity for both when unset, as before the per-area settings', () => {
    expect(output([])).toEqual({ topicGranularity: 'partition', groupGranularity: 'partition' })
    expect(output(['--metrics.granularity=topic'])).toEqual({
      topicGranularity: 'topic',
      groupGranularity: 'topic',
    })
  })

  it('sets one area and leaves the other to --metrics.granularity', () => {
    expect(output(['--metrics.group-granularity=topic'])).toEqual({
      topicGranularity: 'partition',
      groupGranularity: 'topic',
    })
    expect(output(['--metrics.granularity=topic', '--metrics.topic-granularity=partition'])).toEqual({
      topicGranularity: 'partition',
      groupGranularity: 'topic',
    })
    expect(output([], { KAFKASCOPE_METRICS_TOPIC_GRANULARITY: 'topic' })).toEqual({
      topicGranularity: 'topic',
      groupGranularity: 'partition',
    })
  })

  it.each([
    ['--metrics.topic-granularity=group', '--metrics.topic-granularity: "group"'],
    ['--metrics.group-granularity=Partition', '--metrics.group-granularity: "Partition"'],
  ])('refuses %s, listing the valid levels', (arg, named) => {
    let error: unknown
    try {
      parseInvocation([arg], {})
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toBe(
      `invalid value for flag ${named} is not one of partition, topic`,
    )
  })
})
