import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseConfigText } from '../../../src/config/file.js'
import { parseInvocation } from '../../../src/config/parse.js'
import { REFERENCE_CONFIG_PATH, referenceConfig } from '../../../src/config/reference.js'
import { filePath, SETTINGS } from '../../../src/config/settings.js'

const path = join(import.meta.dirname, '..', '..', '..', REFERENCE_CONFIG_PATH)
const committed = readFileSync(path, 'utf8')

describe('the reference config (kafkascope.example.yml)', () => {
  it('is the generated one (npm run generate)', () => {
    expect(committed).toBe(referenceConfig())
  })

  it('loads as-is and changes nothing: every value it shows is the default', () => {
    const inv = parseInvocation([`--config.file=${path}`])
    const defaults = parseInvocation([])
    if (inv.kind !== 'run' || defaults.kind !== 'run') throw new Error('expected run invocations')
    expect({ ...inv.config, configFile: undefined }).toEqual(defaults.config)
    expect(inv.warnings).toEqual([])
    // Everything with a default is really set by the file, not left to the default.
    const fromFile = SETTINGS.filter((s) => s.default !== undefined && s.inFile !== false).map((s) => s.key)
    for (const key of fromFile) expect(inv.sources[key], key).toBe('file')
  })

  it('holds every setting: uncommenting the optional ones gives a key for each', () => {
    // Optional settings are commented out as "# key: <placeholder>"; uncomment them with a valid-looking value.
    const uncommented = committed.replace(/^(\s*)# ([a-z_]+): <[^>]+>$/gm, '$1$2: x')
    const doc = (key: string[]) => key.join('.')
    const keys = new Set<string>()
    const walk = (node: unknown, prefix: string[]) => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) {
        keys.add(doc(prefix))
        return
      }
      const entries = Object.entries(node as Record<string, unknown>)
      if (entries.length === 0) keys.add(doc(prefix))
      for (const [k, v] of entries) walk(v, [...prefix, k])
    }
    // The file layer would run the parsers on "x"; only the key tree matters here.
    walk(parse(uncommented), [])
    const expected = SETTINGS.filter((s) => s.inFile !== false).map((s) => doc(filePath(s.flag)))
    expect([...keys].sort()).toEqual(expected.sort())
  })

  it('documents each setting with its flag and variable', () => {
    for (const s of SETTINGS.filter((x) => x.inFile !== false)) {
      expect(committed).toContain(`# --${s.flag}, KAFKASCOPE_`)
    }
    expect(() => parseConfigText(committed, path)).not.toThrow()
  })
})

describe("the README's config file example", () => {
  it('loads, with its secret and certificate paths pointed at real files', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Configuration file'))
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] as string
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-readme-'))
    try {
      let text = example
      for (const path of example.match(/\/(?:run|etc)\/[\w./-]+/g) ?? []) {
        const local = join(dir, path.replace(/\//g, '_'))
        writeFileSync(local, 'x')
        text = text.replace(path, local)
      }
      const file = join(dir, 'kafkascope.yml')
      writeFileSync(file, text)
      const inv = parseInvocation([`--config.file=${file}`])
      expect(inv).toMatchObject({
        kind: 'run',
        warnings: [],
        config: {
          kafkaServers: ['kafka-1:9093', 'kafka-2:9093'],
          kafkaLabels: { kafka_cluster: 'prod-eu' },
          saslMechanism: 'SCRAM-SHA-512',
          tlsEnabled: true,
          pollInterval: 30_000,
          metricsGranularity: 'topic',
        },
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
