import { allAlerts } from './alerts/index.js'
import type { MonitoringConfig } from './config.js'
import { DASHBOARDS } from './dashboards/index.js'
import { runbookPath } from './runbooks.js'

/** The README's list of alerts and dashboards, generated so it always names what the files contain. */
export function monitoringTables(c: MonitoringConfig): string {
  const alerts = allAlerts(c).map(
    (s) =>
      `| [\`${s.alert}\`](${runbookPath(s.alert)}) | ${s.severity} | ${s.for} | ${c.keepFiringFor[s.alert] ?? ''} | ${s.summary} |`,
  )
  const dashboards = DASHBOARDS.map((d) => {
    const built = d.build()
    return `| [${built.title}](dashboards/${d.file}) | \`${built.uid}\` | ${built.description ?? ''} |`
  })
  return [
    '| Alert | Severity | For | Keeps firing | Summary |',
    '|---|---|---|---|---|',
    ...alerts,
    '',
    '| Dashboard | uid | Shows |',
    '|---|---|---|',
    ...dashboards,
  ].join('\n')
}
