import { FAMILY } from '../../metrics/catalog.js'
import type { MonitoringConfig } from '../config.js'
import { sel } from '../promql.js'
import { type AlertSpec, exampleTarget, series, targetText } from './spec.js'

/**
 * The brokers' log directories (DescribeLogDirs, read every --log-dirs.refresh-interval): one alert per broker
 * and directory. Space needs Kafka 3.3+ (kafka_log_dir_total_bytes / usable_bytes); an offline directory reports
 * neither, so the space alerts stay quiet for it and KafkaLogDirOffline speaks.
 */
export function logDirAlerts(c: MonitoringConfig): AlertSpec[] {
  return [logDirOffline(c), logDirNearlyFull(c), logDirFillingUp(c)]
}

const where = (c: MonitoringConfig, t: { label(name: string): string }) =>
  `Log directory ${t.label('log_dir')} of broker ${t.label('broker_id')} (${targetText(c, t.label)})`

function logDirOffline(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const online = (broker: string, dir: string) =>
    series(target, FAMILY.logDirOnline, { broker_id: broker, log_dir: dir })
  return {
    alert: 'KafkaLogDirOffline',
    expr: `${sel(FAMILY.logDirOnline, c.selector)} == 0`,
    for: c.for.KafkaLogDirOffline,
    severity: 'critical',
    summary: 'A Kafka log directory is offline.',
    description: (t) =>
      `${where(c, t)} is offline: the broker took it out after an I/O error, so its replicas there are offline ` +
      'on that broker and the partitions they belong to are under-replicated or offline.',
    fires: [
      {
        name: 'one directory of two offline',
        series: { [online('1', '/data/a')]: 1, [online('1', '/data/b')]: 0 },
        alerts: [{ labels: { ...target, broker_id: '1', log_dir: '/data/b' }, value: 0 }],
      },
    ],
    quiet: [{ name: 'all online', series: { [online('1', '/data/a')]: 1, [online('2', '/data/a')]: 1 } }],
  }
}

function logDirNearlyFull(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const labels = { broker_id: '2', log_dir: '/data' }
  const total = series(target, FAMILY.logDirTotalBytes, labels)
  const usable = series(target, FAMILY.logDirUsableBytes, labels)
  const threshold = c.logDirUsableRatioWarning
  return {
    alert: 'KafkaLogDirNearlyFull',
    expr: `${sel(FAMILY.logDirUsableBytes, c.selector)} / ${sel(FAMILY.logDirTotalBytes, c.selector)} < ${threshold}`,
    for: c.for.KafkaLogDirNearlyFull,
    severity: 'warning',
    summary: 'A Kafka log directory is nearly full.',
    description: (t) =>
      `${where(c, t)} has ${t.value('humanizePercentage')} of its volume left, less than ${threshold * 100}%: ` +
      'when it fills up the broker takes the directory offline and its replicas with it.',
    fires: [
      {
        name: '5% usable',
        series: { [total]: 1e12, [usable]: 5e10 },
        alerts: [{ labels: { ...target, ...labels }, value: 0.05 }],
      },
    ],
    quiet: [
      { name: '40% usable', series: { [total]: 1e12, [usable]: 4e11 } },
      {
        name: 'space unknown (Kafka before 3.3)',
        series: { [series(target, FAMILY.logDirOnline, labels)]: 1 },
      },
    ],
  }
}

function logDirFillingUp(c: MonitoringConfig): AlertSpec {
  const target = exampleTarget(c)
  const labels = { broker_id: '3', log_dir: '/data' }
  const total = series(target, FAMILY.logDirTotalBytes, labels)
  const usable = series(target, FAMILY.logDirUsableBytes, labels)
  const { logDirFillWindow: window, logDirFullWithinHours: hours } = c
  const usableSel = sel(FAMILY.logDirUsableBytes, c.selector)
  const ratio = `${usableSel} / ${sel(FAMILY.logDirTotalBytes, c.selector)}`
  // Shrinking 1 GB a minute from 300 GB: empty in 5 h at that rate.
  const shrinking = `300000000000-1000000000x80`
  return {
    alert: 'KafkaLogDirFillingUp',
    expr: [
      // Only once less than 40% is left, so a busy but large volume does not page for a burst of writes.
      `${ratio} < 0.4`,
      `and predict_linear(${usableSel}[${window}], ${hours} * 3600) < 0`,
    ].join('\n'),
    for: c.for.KafkaLogDirFillingUp,
    severity: 'warning',
    summary: 'A Kafka log directory will be full within a day at the current rate.',
    description: (t) =>
      `${where(c, t)} has ${t.value('humanizePercentage')} of its volume left and, at the rate of the last ` +
      `${window}, will be full within ${hours} hours.`,
    fires: [
      {
        name: 'losing 1 GB a minute with 30% left',
        series: { [total]: 1e12, [usable]: shrinking },
        // Evaluated at `for` + 10 minutes: 300 GB - 40 × 1 GB usable of 1 TB.
        alerts: [{ labels: { ...target, ...labels }, value: 0.26 }],
      },
    ],
    quiet: [
      { name: 'shrinking with 90% left', series: { [total]: 1e12, [usable]: `900000000000-1000000000x80` } },
      { name: 'steady at 30% left', series: { [total]: 1e12, [usable]: 3e11 } },
    ],
  }
}
