import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseListenAddress } from '../../../src/addresses.js'
import { SETTINGS } from '../../../src/config/settings.js'
import { dockerignore, find, imageConfig, last, readDockerfile } from './support/dockerfile.js'
import { packageVersion } from './support/expect.js'
import { REPO } from './support/manifests.js'

// `docker build` cannot run here (no Docker engine); test/integration/deploy.test.ts runs the final stage's
// files and command lines. These check the Dockerfile's shape.
const file = readDockerfile()
const config = imageConfig(file)
const [build, runtime] = [file.stages[0], file.stages.at(-1)]

/** dist/<x>.js ← src/<x>.ts, as tsconfig.build.json compiles it. */
const sourceOf = (dist: string) => join(REPO, dist.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))

describe('Dockerfile', () => {
  it('builds in one stage and runs from a slim Node image with production dependencies only', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2)
    const buildRuns = find(build as never, 'RUN').map((r) => r.rest)
    expect(buildRuns.some((r) => /^npm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true)
    expect(buildRuns).toContain('npm run build')
    expect(runtime?.image).toMatch(/^node:(20|22)(\.[\d.]+)?-(bookworm-)?slim$/)
    const runtimeRuns = find(runtime as never, 'RUN').map((r) => r.rest)
    expect(runtimeRuns).toHaveLength(1)
    expect(runtimeRuns[0]).toMatch(/^npm ci --omit=dev\b/)
    // Only the compiled output leaves the build stage.
    const fromBuild = find(runtime as never, 'COPY').filter((c) => c.options.from !== undefined)
    expect(fromBuild.map((c) => [c.options.from, c.rest])).toEqual([[build?.name, '/app/dist ./dist']])
  })

  it('runs as the non-root node user, exec form, with no default flags overriding KAFKASCOPE_* variables', () => {
    expect(config.user).toBe('node')
    expect(last(runtime as never, 'ENTRYPOINT')?.rest.startsWith('[')).toBe(true)
    expect(config.entrypoint).toEqual(['node', 'dist/cli.js'])
    expect(existsSync(sourceOf('dist/cli.js'))).toBe(true)
    expect(config.cmd).toEqual([])
    expect(config.env.NODE_ENV).toBe('production')
  })

  it('checks its health with node against /-/healthy and exposes the default listen port', () => {
    expect(config.healthcheck).toEqual(['node', 'dist/deploy/healthcheck.js'])
    expect(existsSync(sourceOf('dist/deploy/healthcheck.js'))).toBe(true)
    const listen = SETTINGS.find((s) => s.flag === 'web.listen-address')?.default as string[]
    expect(config.exposed).toEqual([String(parseListenAddress(listen[0] as string).port)])
    expect(last(runtime as never, 'HEALTHCHECK')?.options).toMatchObject({ interval: '30s', timeout: '5s' })
  })

  it('carries OCI labels with the package version', () => {
    expect(config.labels['org.opencontainers.image.version']).toBe(packageVersion())
    expect(config.labels['org.opencontainers.image.title']).toBe('kafkascope')
    expect(config.labels['org.opencontainers.image.licenses']).toBe('Apache-2.0')
    expect(config.labels['org.opencontainers.image.base.name']).toBe(runtime?.image)
  })

  it('copies only files that exist and that .dockerignore sends to the builder; nothing else is sent', () => {
    const sent = dockerignore(readFileSync(join(REPO, '.dockerignore'), 'utf8'))
    const sources = file.stages.flatMap((s) =>
      find(s, 'COPY')
        .filter((c) => c.options.from === undefined)
        .flatMap((c) => c.rest.split(/\s+/).slice(0, -1)),
    )
    expect(sources).toContain('src')
    for (const src of sources) {
      expect(existsSync(join(REPO, src)), src).toBe(true)
      expect(sent(src), `${src} is excluded by .dockerignore`).toBe(true)
    }
    for (const path of [
      'node_modules/x',
      'dist/cli.js',
      '.git/HEAD',
      '.cache/x',
      'test/unit/x.ts',
      'deploy/x',
    ])
      expect(sent(path), path).toBe(false)
  })
})
