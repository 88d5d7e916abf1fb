import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseInvocation } from '../../../src/config/parse.js'
import { envName, SETTINGS } from '../../../src/config/settings.js'
import { REPO } from './support/manifests.js'
import { envFile, readUnit } from './support/systemd.js'

const UNIT = join(REPO, 'deploy/systemd/kafkascope.service')
const ENV = join(REPO, 'deploy/systemd/kafkascope.env')
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0

describe('systemd unit', () => {
  const unit = readUnit(readFileSync(UNIT, 'utf8'))

  it('runs dist/cli.js with its settings from an EnvironmentFile', () => {
    expect(unit.Service?.ExecStart?.[0]).toMatch(/^\/usr\/bin\/node \/opt\/kafkascope\/dist\/cli\.js$/)
    expect(unit.Service?.EnvironmentFile).toEqual(['/etc/kafkascope/kafkascope.env'])
    expect(unit.Service?.KillSignal).toEqual(['SIGTERM'])
    // kafkascope exits within 5 s of SIGTERM; systemd waits TimeoutStopSec before SIGKILL.
    expect(Number.parseInt(unit.Service?.TimeoutStopSec?.[0] ?? '0', 10)).toBeGreaterThanOrEqual(10)
    expect(unit.Service?.RestartPreventExitStatus).toEqual(['2'])
  })

  it('is hardened', () => {
    const s = unit.Service ?? {}
    for (const [key, value] of Object.entries({
      DynamicUser: 'yes',
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      CapabilityBoundingSet: '',
      RestrictSUIDSGID: 'yes',
      SystemCallArchitectures: 'native',
    }))
      expect(s[key], key).toEqual([value])
    // V8 needs writable and executable memory for its JIT.
    expect(s.MemoryDenyWriteExecute).toBeUndefined()
  })

  it('names only kafkascope variables in its environment file, and the active ones parse', () => {
    const text = readFileSync(ENV, 'utf8')
    const known = new Set(SETTINGS.map((s) => envName(s.flag)))
    const named = [...text.matchAll(/^#?(KAFKASCOPE_[A-Z0-9_]+)=/gm)].map((m) => m[1] as string)
    expect(named.length).toBeGreaterThan(5)
    for (const name of named) expect(known, name).toContain(name)
    const invocation = parseInvocation([], envFile(text))
    expect(invocation.kind).toBe('run')
  })

  it.skipIf(!hasAnalyze)('passes systemd-analyze verify and rates OK in systemd-analyze security', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafkascope-systemd-'))
    try {
      // verify checks that ExecStart's binary exists: use this machine's node.
      const unitFile = join(dir, 'kafkascope.service')
      writeFileSync(unitFile, readFileSync(UNIT, 'utf8').replace('/usr/bin/node', process.execPath))
      const verify = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8' })
      expect(verify.stderr).toBe('')
      expect(verify.status).toBe(0)
      // --threshold is on systemd's internal 0-100 scale: 20 is an exposure level of 2.0 (out of 10).
      const out = execFileSync('systemd-analyze', ['security', '--offline=yes', '--threshold=20', unitFile], {
        encoding: 'utf8',
      })
      expect(out).toMatch(/Overall exposure level for kafkascope\.service: [01]\.\d OK/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
