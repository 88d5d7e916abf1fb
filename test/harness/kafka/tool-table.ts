/**
 * A table that Kafka's group tools print (kafka-share-groups, kafka-streams-groups --describe): the rows under the
 * header line that starts with GROUP, as column name → cell ('-' becomes null).
 */
export function toolTable(stdout: string, required: readonly string[]): Record<string, string | null>[] {
  const rows: Record<string, string | null>[] = []
  let columns: string[] | undefined
  for (const line of stdout.split('\n')) {
    const cells = line.trim().split(/\s+/)
    if (cells[0] === 'GROUP') {
      const missing = required.filter((c) => !cells.includes(c))
      if (missing.length > 0) throw new Error(`unexpected tool header (missing ${missing}): ${line}`)
      columns = cells
    } else if (columns && line.trim() !== '') {
      if (cells.length !== columns.length) throw new Error(`cannot split tool row: ${line}`)
      rows.push(
        Object.fromEntries(columns.map((c, i) => [c, cells[i] === '-' ? null : (cells[i] as string)])),
      )
    }
  }
  return rows
}
