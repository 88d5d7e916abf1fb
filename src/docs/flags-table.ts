import { KAFKA_EXPORTER_BY_FLAG, KAFKA_EXPORTER_FLAGS } from '../config/kafka-exporter.js'
import { envName, filePath, formatDefault, SETTINGS } from '../config/settings.js'

const cell = (text: string) => text.replace(/\|/g, '\\|')

/**
 * The README's flag reference, derived from the settings list so it cannot drift; its kafka_exporter column and
 * the table of kafka_exporter's other flags come from config/kafka-exporter.ts, the list the parser uses.
 */
export function flagsTable(): string {
  const lines = [
    '| Flag | Environment | Config file | Default | Meaning | kafka_exporter |',
    '|---|---|---|---|---|---|',
  ]
  for (const s of SETTINGS) {
    const repeat = s.repeatable ? '; repeatable' : ''
    const def = formatDefault(s)
    const file = s.inFile === false ? '' : `\`${filePath(s.flag).join('.')}\``
    const cells = [`\`--${s.flag}\``, `\`${envName(s.flag)}\``, file, def === '' ? '' : `\`${def}\``]
    const fate = KAFKA_EXPORTER_BY_FLAG.get(s.flag)?.fate
    const ke = fate?.kind !== 'setting' ? '' : fate.note === undefined ? 'same' : `same: ${fate.note}`
    lines.push(`| ${cells.join(' | ')} | ${cell(s.help)}${repeat} | ${cell(ke)} |`)
  }
  lines.push(
    '',
    "kafka_exporter's other flags are accepted, so its Deployment args start kafkascope, or refused with what to use instead:",
    '',
    '| kafka_exporter flag | kafkascope | Why |',
    '|---|---|---|',
  )
  for (const f of KAFKA_EXPORTER_FLAGS) {
    if (f.fate.kind === 'moot')
      lines.push(`| \`--${f.flag}\` | accepted; one warning at start | ${cell(f.fate.why)} |`)
    else if (f.fate.kind === 'refused') {
      const off = f.type === 'bool' ? `\`--${f.flag}=false\`` : `\`--${f.flag}=\` (empty)`
      lines.push(`| \`--${f.flag}\` | exit 2; ${off} only warns | ${cell(f.fate.instead)} |`)
    }
  }
  return lines.join('\n')
}
