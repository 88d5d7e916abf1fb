import { envName, filePath, formatDefault, SETTINGS } from '../config/settings.js'

/** The README's flag reference, derived from the settings list so it cannot drift. */
export function flagsTable(): string {
  const lines = ['| Flag | Environment | Config file | Default | Meaning |', '|---|---|---|---|---|']
  for (const s of SETTINGS) {
    const repeat = s.repeatable ? '; repeatable' : ''
    const def = formatDefault(s)
    const file = s.inFile === false ? '' : `\`${filePath(s.flag).join('.')}\``
    const cells = [`\`--${s.flag}\``, `\`${envName(s.flag)}\``, file, def === '' ? '' : `\`${def}\``]
    lines.push(`| ${cells.join(' | ')} | ${s.help.replace(/\|/g, '\\|')}${repeat} |`)
  }
  return lines.join('\n')
}
