// HTTP clients in their own process, for the basic-auth flood test and bench (a client in the server's process
// would share its event loop and measure itself). Each sends requests one after another until `ms` has passed, then
// the process prints JSON on stdout (a legit client sends at least one request, however short `ms`: the clock
// starts at module load, and on a busy machine a 1 ms run could otherwise end before its first request):
//   node auth-flood-client.mjs '{"port":9308,"role":"legit","ms":3000,"from":"127.0.0.1","everyMs":10,"auth":"u:p"}'
//     → the latency in ms of each request, negative when the answer was not 200;
//   node auth-flood-client.mjs '{"port":9308,"role":"flood","ms":3000,"pauseMs":0,"clients":[{"id":1,"from":"127.0.0.2"}]}'
//     → per client, how often each status came back, for fresh wrong credentials every request (half an unknown
//       user, half a wrong password for "prometheus"), ignoring Retry-After as an attacker would.
// "from": the loopback address to connect from; "rotating" takes a fresh one (127.<id>.x.y) for every request, as a
// botnet would, so a per-address backoff never applies.
import { Agent, request } from 'node:http'

const opts = JSON.parse(process.argv[2])
const until = Date.now() + opts.ms
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function get(agent, auth, from) {
  const t = performance.now()
  const authorization = `Basic ${Buffer.from(auth).toString('base64')}`
  return new Promise((resolve) => {
    request(
      { port: opts.port, path: '/metrics', agent, localAddress: from, headers: { authorization } },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t }))
      },
    )
      .on('error', () => resolve({ status: 'error', ms: performance.now() - t }))
      .end()
  })
}

async function legit() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const latencies = []
  do {
    const { status, ms } = await get(agent, opts.auth, opts.from)
    latencies.push(status === 200 ? ms : -ms)
    await sleep(opts.everyMs)
  } while (Date.now() < until)
  agent.destroy()
  return latencies
}

async function flood({ id, from }) {
  const rotating = from === 'rotating'
  const agent = rotating ? false : new Agent({ keepAlive: true, maxSockets: 1 })
  const statuses = {}
  for (let i = 1; Date.now() < until; i++) {
    const address = rotating ? `127.${id}.${(i >> 8) & 255}.${i & 255 || 1}` : from
    const user = i % 2 === 0 ? `nobody-${id}` : 'prometheus'
    const { status } = await get(agent, `${user}:guess-${id}-${i}-${Math.random()}`, address)
    statuses[status] = (statuses[status] ?? 0) + 1
    if (opts.pauseMs > 0) await sleep(opts.pauseMs)
  }
  if (agent) agent.destroy()
  return statuses
}

const out = opts.role === 'legit' ? await legit() : await Promise.all(opts.clients.map(flood))
process.stdout.write(JSON.stringify(out))
