import { envName, formatDefault, SETTINGS } from '../config/settings.js'

/** The README's flag reference, derived from the settings list so it cannot drift. */
export function flagsTable(): string {
  const lines = ['| Flag | Environment | Default | Meaning |', '|---|---|---|---|']
  for (const s of SETTINGS) {
    const repeat = s.repeatable ? '; repeatable' : ''
    lines.push(`| \`--${s.flag}\` | \`${envName(s.flag)}\` | \`${formatDefault(s)}\` | ${s.help}${repeat} |`)
  }
  return lines.join('\n')
}
