import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ALERTMANAGER_EXAMPLE } from '../../../src/monitoring/artifacts.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const AMTOOL = process.env.AMTOOL ?? 'amtool'

function amtool(...args: string[]): { code: number | null; output: string; stdout: string } {
  const r = spawnSync(AMTOOL, args, { cwd: root, encoding: 'utf8', timeout: 60_000 })
  if (r.error) {
    const hint = "install Debian's prometheus and prometheus-alertmanager (scripts/install-test-deps.sh)"
    throw new Error(`failed to run ${AMTOOL}: ${r.error.message}; ${hint}`)
  }
  return { code: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout }
}

describe('the example Alertmanager config', { timeout: 30_000 }, () => {
  it('passes amtool check-config', () => {
    const { code, output } = amtool('check-config', ALERTMANAGER_EXAMPLE)
    expect(output).toContain('SUCCESS')
    expect(code, output).toBe(0)
  })

  it.each([
    ['critical', 'pager'],
    ['warning', 'ticket'],
    ['info', 'blackhole'],
  ])('routes severity=%s to %s', (severity, receiver) => {
    // stderr only warns that --config.file wins over --alertmanager.url.
    const { code, output, stdout } = amtool(
      'config',
      'routes',
      'test',
      `--config.file=${ALERTMANAGER_EXAMPLE}`,
      'alertname=KafkaPartitionOffline',
      `severity=${severity}`,
    )
    expect(code, output).toBe(0)
    expect(stdout.trim()).toBe(receiver)
  })
})
