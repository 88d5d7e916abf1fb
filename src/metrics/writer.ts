import type { Family } from './catalog.js'

/**
 * Builds Prometheus text exposition (0.0.4). Label-name prefixes are prepared once per family so each sample costs
 * only its label values; this is why we do not use prom-client, whose registry re-formats every label set on every
 * collect (see bench/). OpenMetrics differs only in counter TYPE lines and the trailing # EOF (see exposition.ts).
 */
export class ExpositionWriter {
  #out = ''
  #prefixes: string[] = []
  #name = ''
  #bare = ''

  family<L extends string>(f: Family<L>): this {
    this.#out += `# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`
    this.#name = f.name
    this.#bare = `${f.name} `
    this.#prefixes = f.labels.map((l, i) => `${i === 0 ? `${f.name}{` : '",'}${l}="`)
    return this
  }

  /** Label values in the family's label order. */
  sample(values: readonly (string | number)[], value: number): this {
    if (values.length === 0) {
      this.#out += `${this.#bare}${formatValue(value)}\n`
      return this
    }
    let line = ''
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      line += (this.#prefixes[i] as string) + (typeof v === 'number' ? String(v) : escapeLabel(v as string))
    }
    this.#out += `${line}"} ${formatValue(value)}\n`
    return this
  }

  get currentFamily(): string {
    return this.#name
  }

  text(): string {
    return this.#out
  }
}

const NEEDS_ESCAPE = /[\\"\n]/

export function escapeLabel(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Number.POSITIVE_INFINITY) return '+Inf'
  if (v === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(v)
}
