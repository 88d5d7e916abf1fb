import { describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import { startDaemon } from '../../../src/daemon.js'
import { createLogger } from '../../../src/log.js'

describe('the daemon with its poll worker thread', () => {
  it('serves the worker’s exposition, the per-scrape tail and the worker’s JSON API', async () => {
    const invocation = parseInvocation(
      ['--kafka.server=127.0.0.1:1', '--web.listen-address=127.0.0.1:0', '--poll.interval=1s'],
      {},
    )
    if (invocation.kind !== 'run') throw new Error(invocation.kind)
    const lines: string[] = []
    const log = createLogger({ level: 'info', format: 'logfmt' }, (line) => lines.push(line))
    const daemon = await startDaemon(invocation.config, log)
    try {
      const base = `http://127.0.0.1:${daemon.addresses[0]?.port}`
      // Kafka is unreachable: the first poll fails fast, and is still a poll (ready, kafkascope_up 0).
      for (let i = 0; i < 100 && (await fetch(`${base}/-/ready`)).status !== 200; i++)
        await new Promise((r) => setTimeout(r, 100))
      const res = await fetch(`${base}/metrics`, {
        headers: { accept: 'application/openmetrics-text; version=1.0.0', 'accept-encoding': 'gzip' },
      })
      expect(res.headers.get('content-encoding')).toBe('gzip')
      // fetch inflates gzip itself; the raw bytes must be one valid member.
      const text = await res.text()
      expect(text).toMatch(/^kafkascope_up 0$/m)
      expect(text).toMatch(/^kafkascope_polls_total [1-9]\d*$/m)
      expect(text).toMatch(/^process_cpu_seconds_total \d/m)
      expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m)
      expect(text).toContain('# TYPE process_cpu_seconds counter')
      expect(text.endsWith('# EOF\n')).toBe(true)
      const raw = await fetch(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip' } })
      expect(raw.status).toBe(200)
      const api = await fetch(`${base}/api/v1/cluster`)
      expect(api.status).toBe(200)
      const cluster = (await api.json()) as { up: boolean; collectors: { name: string; success: boolean }[] }
      expect(cluster.up).toBe(false)
      expect(cluster.collectors).toContainEqual(expect.objectContaining({ name: 'metadata', success: false }))
      expect((await fetch(`${base}/api/v1/nope`)).status).toBe(404)
      // The worker's log records reach the daemon's logger, in its format, naming what failed.
      const failed = lines.find((l) => l.includes('failed to poll Kafka'))
      expect(failed, lines.join('')).toMatch(/^level=error ts=\S+ kafka=127\.0\.0\.1:1 err=".*127\.0\.0\.1:1/)
    } finally {
      await daemon.stop()
    }
  }, 30_000)
})
