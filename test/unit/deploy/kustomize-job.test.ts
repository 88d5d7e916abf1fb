import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MONITORING_OVERLAY } from '../../../src/deploy/artifacts.js'
import { ruleFile } from '../../../src/monitoring/alerts/index.js'
import { defaultConfig } from '../../../src/monitoring/config.js'
import { type Any, one } from './support/expect.js'
import { kustomize, parseObjects, REPO } from './support/manifests.js'

const scratch = mkdtempSync(join(tmpdir(), 'kafkascope-kustomize-job-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The monitoring overlay with alert-job.yaml set to `job`, as a user edits it. */
function build(job: string) {
  const dir = join(scratch, job)
  cpSync(join(REPO, MONITORING_OVERLAY), dir, { recursive: true })
  const file = join(dir, 'alert-job.yaml')
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}job: kafkascope$/m, `  job: ${job}`))
  return parseObjects(kustomize(dir))
}

describe('the monitoring overlay at install: the job of the rules', { timeout: 60_000 }, () => {
  it('renders the generated rules as they are by default, and does not apply its job ConfigMap', () => {
    const objects = build('kafkascope')
    const rule = one(objects, 'PrometheusRule') as Any
    expect(rule.spec.groups).toEqual(JSON.parse(JSON.stringify(ruleFile(defaultConfig).groups)))
    expect(
      objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kafkascope-alert-job'),
    ).toEqual([])
  })

  it('sets the job of every rule from alert-job.yaml, as the generator would for that selector', () => {
    const rule = one(build('kafka-exporter'), 'PrometheusRule') as Any
    const expected = ruleFile({ ...defaultConfig, selector: 'job="kafka-exporter"' })
    expect(rule.spec.groups).toEqual(JSON.parse(JSON.stringify(expected.groups)))
    expect(JSON.stringify(rule.spec.groups)).not.toContain('job=\\"kafkascope\\"')
  })
})
