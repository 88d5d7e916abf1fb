import { limitsTable } from '../limits.js'

/** The README's table of input limits, from the constants themselves. */
export function limitsMarkdown(): string {
  const lines = [
    '| Input | Limit | What you see past it (exit code 2 at start unless said) |',
    '|---|---|---|',
  ]
  for (const l of limitsTable())
    lines.push(`| ${l.what} | ${l.limit} | ${l.exceeded.replace(/\|/g, '\\|')} |`)
  return lines.join('\n')
}
