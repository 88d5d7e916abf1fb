import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseExposition, sampleValue } from '../support/exposition.js'
import { imageConfig, materialize, readDockerfile } from '../unit/deploy/support/dockerfile.js'
import { REPO } from '../unit/deploy/support/manifests.js'
import { envFile, readUnit } from '../unit/deploy/support/systemd.js'

/**
 * The container image without a Docker engine: the Dockerfile's final stage is rebuilt in a temp dir (its COPY and
 * RUN lines as written: package files, `npm ci --omit=dev`, dist/), then its ENTRYPOINT and CMD run from there
 * the way a container would run them: as PID 1 of a new PID namespace, as the image's USER (uid 1000) without
 * capabilities, on a read-only root filesystem (readOnlyRootFilesystem), configured by environment variables as
 * `docker run -e` would. The same install runs the systemd unit's ExecStart with its environment file.
 */
const dockerfile = readDockerfile()
const image = imageConfig(dockerfile)
const NODE_UID = 1000 // the node user of the official Node images (USER node)
const isRoot = process.getuid?.() === 0
const namespaces =
  isRoot &&
  spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '--mount', '--propagation', 'private', 'true'])
    .status === 0 &&
  spawnSync('setpriv', ['--version']).status === 0

let app: string
const children: ChildProcess[] = []

beforeAll(() => {
  if (!existsSync(join(REPO, 'dist/cli.js'))) throw new Error('dist/ is missing: run npm run build first')
  app = mkdtempSync(join(tmpdir(), 'kafkascope-image-'))
  chmodSync(app, 0o755)
  materialize(dockerfile, app)
}, 300_000)

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

function start(argv: string[], env: NodeJS.ProcessEnv, opts: { uid?: number } = {}) {
  const child = spawn(argv[0] as string, argv.slice(1), {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  })
  children.push(child)
  const output: string[] = []
  child.stdout?.on('data', (d) => output.push(String(d)))
  child.stderr?.on('data', (d) => output.push(String(d)))
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { child, output, exited }
}

/** Scrapes until kafkascope reports the shared 3-broker cluster. */
async function waitForCluster(port: number, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`)
      const samples = parseExposition(await res.text())
      if (sampleValue(samples, 'kafka_brokers') === 3 && sampleValue(samples, 'kafkascope_up') === 1) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no kafka_brokers 3 within 60 s; output:\n${output.join('')}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function runHealthcheck(env: NodeJS.ProcessEnv): Promise<number | null> {
  const argv = image.healthcheck as string[]
  const { exited } = start(argv, env, isRoot ? { uid: NODE_UID } : {})
  return (await exited)[0]
}

/** The pid, in this namespace, of the one child of `parent` (unshare forks the namespace's PID 1). */
async function childPid(parent: number): Promise<number> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim()
    if (children !== '') {
      const pid = Number(children.split(' ')[0])
      // The same pid is first `sh -c` (whose argv also names dist/cli.js), then setpriv, then node: wait for node.
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
      if (comm === 'node' && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/cli.js')) return pid
    }
    if (Date.now() > deadline) throw new Error('unshare started no kafkascope')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('the container image, without Docker', () => {
  it('holds the compiled code and production dependencies only', () => {
    expect(existsSync(join(app, image.entrypoint[1] as string))).toBe(true)
    expect(existsSync(join(app, 'node_modules/@platformatic/kafka/package.json'))).toBe(true)
    for (const dev of ['vitest', 'typescript', 'tsx', '@biomejs/biome', '@grafana/grafana-foundation-sdk'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false)
    expect(existsSync(join(app, 'src'))).toBe(false)
  })

  it.skipIf(!namespaces)(
    'runs ENTRYPOINT + CMD as PID 1 and uid 1000 on a read-only root: serves the cluster, passes HEALTHCHECK, exits 0 on SIGTERM',
    async () => {
      expect(image.user).toBe('node')
      const port = await freePort()
      // docker run -e KAFKASCOPE_KAFKA_SERVER=... -e KAFKASCOPE_WEB_LISTEN_ADDRESS=... kafkascope
      const env = {
        PATH: process.env.PATH,
        ...image.env,
        KAFKASCOPE_KAFKA_SERVER: inject('kafkaBootstrap'),
        KAFKASCOPE_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      }
      const container = [
        'mount -o remount,bind,ro / || exit 90',
        'cd "$1" && shift',
        `exec setpriv --reuid=${NODE_UID} --regid=${NODE_UID} --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- "$@"`,
      ].join('\n')
      const argv = [
        'unshare',
        '--pid',
        '--fork',
        '--mount-proc',
        '--mount',
        '--propagation',
        'private',
        '--kill-child',
        'sh',
        '-c',
        container,
        'container',
        app,
        ...image.entrypoint,
        ...image.cmd,
      ]
      const { child, output, exited } = start(argv, env)
      const pid = await childPid(child.pid as number)
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      expect(status).toMatch(/^NSpid:\s+\d+\s+1$/m)
      expect(status).toMatch(
        new RegExp(`^Uid:\\s+${NODE_UID}\\s+${NODE_UID}\\s+${NODE_UID}\\s+${NODE_UID}$`, 'm'),
      )
      expect(status).toMatch(/^CapEff:\s+0+$/m)

      await waitForCluster(port, output)
      expect(await runHealthcheck(env)).toBe(0)

      const stopping = Date.now()
      process.kill(pid, 'SIGTERM')
      const [code] = await exited
      expect(code, output.join('')).toBe(0)
      // Well within the 30 s grace period of the manifests; the daemon's own limit is 5 s.
      expect(Date.now() - stopping).toBeLessThan(5000)
      expect(output.join('')).toContain('shutting down')
      expect(await runHealthcheck(env)).toBe(1)
    },
  )

  it('is ready (/-/ready) after its first poll while Kafka is down, as a sidecar before its broker starts', async () => {
    const [port, kafkaPort] = [await freePort(), await freePort()]
    const env = {
      PATH: process.env.PATH,
      ...image.env,
      KAFKASCOPE_KAFKA_SERVER: `127.0.0.1:${kafkaPort}`,
      KAFKASCOPE_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
    }
    const { child, output, exited } = start(
      [...image.entrypoint, ...image.cmd],
      env,
      isRoot ? { uid: NODE_UID } : {},
    )
    const deadline = Date.now() + 30_000
    let ready = 0
    while (ready !== 200 && Date.now() < deadline) {
      ready = await fetch(`http://127.0.0.1:${port}/-/ready`).then(
        (r) => r.status,
        () => 0,
      )
      if (ready !== 200) await new Promise((r) => setTimeout(r, 200))
    }
    expect(ready, output.join('')).toBe(200)
    const samples = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())
    expect(sampleValue(samples, 'kafkascope_up')).toBe(0)
    expect(await runHealthcheck(env)).toBe(0)
    child.kill('SIGTERM')
    expect((await exited)[0]).toBe(0)
  })

  it('runs the systemd unit’s ExecStart with its environment file from the same install', async () => {
    const unit = readUnit(readFileSync(join(REPO, 'deploy/systemd/kafkascope.service'), 'utf8'))
    const execStart = (unit.Service?.ExecStart?.[0] ?? '').split(/\s+/)
    const argv = execStart.map((a) => a.replace('/opt/kafkascope', app))
    if (!existsSync(argv[0] as string)) argv[0] = process.execPath
    const port = await freePort()
    const env = {
      PATH: process.env.PATH,
      ...Object.fromEntries(
        (unit.Service?.Environment ?? []).map((e) => e.split('=', 2) as [string, string]),
      ),
      ...envFile(readFileSync(join(REPO, 'deploy/systemd/kafkascope.env'), 'utf8')),
      KAFKASCOPE_KAFKA_SERVER: inject('kafkaBootstrap'),
      KAFKASCOPE_WEB_LISTEN_ADDRESS: `127.0.0.1:${port}`,
    }
    // DynamicUser: some unprivileged uid that owns nothing.
    const { output, exited, child } = start(argv, env, isRoot ? { uid: 61_234 } : {})
    await waitForCluster(port, output)
    child.kill('SIGTERM')
    const [code] = await exited
    expect(code, output.join('')).toBe(0)
  })
})
