import { FAMILIES, type Family } from '../metrics/catalog.js'

const AREAS: Record<Family['area'], string> = {
  cluster: 'Cluster and brokers',
  topic: 'Topics and partitions',
  consumergroup: 'Consumer groups',
  streamsgroup: 'Kafka Streams groups (Kafka 4.1+, KIP-1071)',
  sharegroup: 'Share groups (Kafka 4.1+, KIP-932)',
  exporter: 'The exporter itself',
}

/** The README's metrics reference, derived from the catalog so it cannot drift. */
export function metricsTable(): string {
  const lines: string[] = []
  for (const [area, title] of Object.entries(AREAS)) {
    lines.push(`#### ${title}`, '', '| Metric | Type | Labels | Description |', '|---|---|---|---|')
    for (const f of FAMILIES.filter((f) => f.area === area)) {
      const labels = f.labels.map((l) => `\`${l}\``).join(', ')
      lines.push(`| \`${f.name}\` | ${f.type} | ${labels} | ${f.help.replace(/\|/g, '\\|')} |`)
    }
    lines.push('')
  }
  return lines.join('\n')
}
