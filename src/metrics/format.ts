// How the text exposition spells label values, HELP text and sample values (writer.ts writes them).
const NEEDS_ESCAPE = /[\\"\n]/

export function escapeLabel(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

export function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Number.POSITIVE_INFINITY) return '+Inf'
  if (v === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(v)
}

/**
 * A safe integer's decimal digits as String(v) spells them, written into `buf` at `pos` without making the string
 * (room for a sign and 16 digits is the caller's); returns the position after them.
 */
export function writeSafeInteger(buf: Uint8Array, pos: number, v: number): number {
  let n = v
  let at = pos
  if (n < 0) {
    buf[at++] = 0x2d
    n = -n
  }
  let digits = 1
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++
  const end = at + digits
  at = end
  do {
    const q = Math.floor(n / 10)
    buf[--at] = 0x30 + (n - q * 10)
    n = q
  } while (n > 0)
  return end
}
