import { toYaml } from '../../src/monitoring/yaml.js'
import { pollUntil } from './kafka/metadata.js'
import { freePorts } from './kafka/ports.js'
import { type ServiceProcess, startService } from './service-process.js'

export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'

export interface PrometheusOptions {
  /** Scrape jobs: job name → `host:port` targets. */
  readonly scrape: Readonly<Record<string, readonly string[]>>
  /** Rule files by file name → content. */
  readonly rules: Readonly<Record<string, string>>
  /** `host:port` of an Alertmanager to send alerts to. */
  readonly alertmanager?: string
  /** Labels Prometheus attaches to every target (as a `cluster` target label in Kubernetes setups). */
  readonly targetLabels?: Readonly<Record<string, string>>
}

export interface PromSeries {
  readonly metric: Record<string, string>
  readonly value?: [number, string]
  readonly values?: [number, string][]
}

export interface RunningPrometheus {
  readonly url: string
  /** Runs an instant query; rejects with Prometheus' error message when it fails to parse or evaluate. */
  query(expr: string): Promise<PromSeries[]>
  /** Runs a range query over the last `seconds`, one step a second. */
  queryRange(expr: string, seconds: number): Promise<PromSeries[]>
  /** `/api/v1/label/<label>/values?match[]=<selector>`, what Grafana's label_values() runs. */
  labelValues(label: string, match: string): Promise<string[]>
  /** Polls an instant query until `probe` returns a value. */
  waitFor<T>(
    what: string,
    expr: string,
    probe: (r: PromSeries[]) => T | undefined,
    timeoutMs?: number,
  ): Promise<T>
  output(lines?: number): Promise<string>
  stop(): Promise<void>
}

/**
 * A real Prometheus on a free port: scrapes and evaluates every second, so tests see alerts within seconds.
 * Alerts are re-sent every second too, so Alertmanager hears of a resolution at once.
 */
export async function startPrometheus(opts: PrometheusOptions): Promise<RunningPrometheus> {
  const [port] = (await freePorts(1)) as [number]
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s' },
    rule_files: Object.keys(opts.rules),
    scrape_configs: Object.entries(opts.scrape).map(([job, targets]) => ({
      job_name: job,
      static_configs: [
        { targets: [...targets], ...(opts.targetLabels ? { labels: { ...opts.targetLabels } } : {}) },
      ],
    })),
    ...(opts.alertmanager
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [opts.alertmanager] }] }] } }
      : {}),
  }
  const service: ServiceProcess = await startService({
    name: 'prometheus',
    bin: PROMETHEUS_BIN,
    port,
    files: { 'prometheus.yml': toYaml(config), ...opts.rules },
    args: (dir) => [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--rules.alert.resend-delay=1s',
      '--log.level=warn',
    ],
  })
  const api = async (path: string, params: Record<string, string | string[]>): Promise<unknown> => {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) body.append(k, x)
    const res = await fetch(`${service.url}${path}`, { method: 'POST', body })
    const json = (await res.json()) as { status: string; data?: unknown; error?: string; errorType?: string }
    if (json.status !== 'success')
      throw new Error(`${json.errorType ?? res.status}: ${json.error ?? 'no error text'}`)
    return json.data
  }
  const query = async (expr: string) =>
    ((await api('/api/v1/query', { query: expr })) as { result: PromSeries[] }).result
  return {
    url: service.url,
    query,
    async queryRange(expr, seconds) {
      const end = Date.now() / 1000
      const params = { query: expr, start: String(end - seconds), end: String(end), step: '1' }
      return ((await api('/api/v1/query_range', params)) as { result: PromSeries[] }).result
    },
    async labelValues(label, match) {
      const res = await fetch(
        `${service.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': match })}`,
      )
      const json = (await res.json()) as { status: string; data: string[]; error?: string }
      if (json.status !== 'success') throw new Error(`label values of ${label} for ${match}: ${json.error}`)
      return json.data
    },
    waitFor: (what, expr, probe, timeoutMs = 60_000) =>
      pollUntil(what, async () => probe(await query(expr)), { timeoutMs, intervalMs: 500 }),
    output: (lines) => service.output(lines),
    stop: () => service.stop(),
  }
}
