/** A systemd unit as section → key → values (a key may repeat; comments and blank lines dropped). */
export function readUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {}
  let section: Record<string, string[]> | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header) {
      section = out[header[1] as string] ?? {}
      out[header[1] as string] = section
      continue
    }
    const eq = line.indexOf('=')
    if (!section || eq < 0) throw new Error(`cannot read unit line: ${line}`)
    const key = line.slice(0, eq).trim()
    section[key] = [...(section[key] ?? []), line.slice(eq + 1).trim()]
  }
  return out
}

/** The active NAME=value lines of an EnvironmentFile. */
export function envFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l.trim()))
      .filter((m) => m !== null)
      .map((m) => [m[1] as string, (m[2] as string).replace(/^"(.*)"$/, '$1')]),
  )
}
