import { VERSION } from '../version.js'

/** A plain landing page like every Prometheus exporter has; no secrets or settings are shown. */
export function landingPage(telemetryPath: string): string {
  const path = escapeHtml(telemetryPath)
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>kafkascope</title></head>
<body>
<h1>kafkascope ${escapeHtml(VERSION)}</h1>
<p>Kafka replication health, offsets and consumer lag for Prometheus. Kafka is polled in the background; scrapes read the latest poll.</p>
<ul>
<li><a href="${path}">Metrics</a></li>
<li><a href="/-/healthy">Health</a></li>
<li><a href="/-/ready">Readiness</a></li>
<li><a href="/api/v1/groups">Consumer groups (JSON)</a>, <a href="/api/v1/sharegroups">share groups</a>, <a href="/api/v1/topics">topics</a>, <a href="/api/v1/cluster">cluster</a>; <a href="/api/v1/openapi.json">OpenAPI description</a></li>
</ul>
</body>
</html>
`
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
