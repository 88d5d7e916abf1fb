/** One row of `ConsumerGroupCommand --describe` (offsets view); '-' cells become null. */
export interface GroupOffsetRow {
  group: string
  topic: string
  partition: number
  currentOffset: number | null
  logEndOffset: number | null
  lag: number | null
  consumerId: string | null
  host: string | null
  clientId: string | null
}

export const CONSUMER_GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand'

/** Kafka before 3.7 has the tool in core (kafka.admin); the old-Kafka tests run 2.8. */
export function consumerGroupCommand(version: string): string {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10))
  return major < 3 || (major === 3 && minor < 7) ? 'kafka.admin.ConsumerGroupCommand' : CONSUMER_GROUP_COMMAND
}

export function describeGroupsArgs(bootstrap: string, groups: string[] | 'all'): string[] {
  const selection = groups === 'all' ? ['--all-groups'] : groups.flatMap((g) => ['--group', g])
  return ['--bootstrap-server', bootstrap, '--describe', ...selection]
}

const required = ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG'] as const

/**
 * Parses the tool's stdout. Each group prints its own header line (preceded by notes such as
 * "Consumer group 'g' has no active members."), so every line starting with GROUP re-reads the
 * column positions. Rows for members without assigned partitions (TOPIC '-') are skipped.
 */
export function parseDescribeGroups(stdout: string): GroupOffsetRow[] {
  const rows: GroupOffsetRow[] = []
  let columns: string[] | undefined
  for (const line of stdout.split('\n')) {
    const cells = line.trim().split(/\s+/)
    if (cells[0] === 'GROUP' && cells.includes('TOPIC')) {
      const missing = required.filter((c) => !cells.includes(c))
      if (missing.length > 0)
        throw new Error(`unexpected ConsumerGroupCommand header (missing ${missing}): ${line}`)
      columns = cells
      continue
    }
    if (line.trim() === '') {
      columns = undefined
      continue
    }
    if (!columns || cells.length < columns.length) continue
    // A client id may contain spaces; it is the last column, so surplus cells belong to it.
    const fixed = cells.slice(0, columns.length - 1)
    fixed.push(cells.slice(columns.length - 1).join(' '))
    const cell = (name: string): string | null => {
      const i = columns?.indexOf(name) ?? -1
      const v = i < 0 ? undefined : fixed[i]
      return v === undefined || v === '-' ? null : v
    }
    const topic = cell('TOPIC')
    const partition = cell('PARTITION')
    // Notes and warnings are not table rows; neither are members without partitions (TOPIC '-').
    if (topic === null || partition === null || !/^\d+$/.test(partition)) continue
    rows.push({
      group: cell('GROUP') ?? '',
      topic,
      partition: toInt(partition, line),
      currentOffset: toIntOrNull(cell('CURRENT-OFFSET'), line),
      logEndOffset: toIntOrNull(cell('LOG-END-OFFSET'), line),
      lag: toIntOrNull(cell('LAG'), line),
      consumerId: cell('CONSUMER-ID'),
      host: cell('HOST'),
      clientId: cell('CLIENT-ID'),
    })
  }
  return rows
}

function toInt(v: string, line: string): number {
  const n = Number(v)
  if (!Number.isSafeInteger(n))
    throw new Error(`not an integer ${JSON.stringify(v)} in ConsumerGroupCommand line: ${line}`)
  return n
}

function toIntOrNull(v: string | null, line: string): number | null {
  return v === null ? null : toInt(v, line)
}
