import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Publication } from '../../../src/engine/engine.js'
import { type PublicationMessage, pack, unpack } from '../../../src/engine/transport.js'
import { compress, Exposition, type Format } from '../../../src/metrics/exposition.js'
import { renderSnapshot } from '../../../src/metrics/render.js'
import { Rendered } from '../../../src/metrics/rendered.js'
import { analyzedGroups, richSnapshot } from '../../fakes/snapshot.js'

/** Through a real MessagePort, with the transfer list, as between the poll worker and the main thread. */
function acrossThreads(p: Publication): Publication {
  const { port1, port2 } = new MessageChannel()
  const { message, transfer } = pack(p)
  port1.postMessage(message, transfer)
  const received = receiveMessageOnPort(port2)?.message as PublicationMessage
  port1.close()
  return unpack(received)
}

function publication(rendered: Rendered): Publication {
  return { rendered, gzipped: compress(rendered), lastSuccessAt: 1_700_000_000_000, polled: true }
}

const TAIL = new Rendered(Buffer.from('kafkascope_data_age_seconds 2\n'))

describe('a publication handed from the poll worker', () => {
  const snapshot = richSnapshot()
  const rendered = renderSnapshot({
    snapshot,
    groups: analyzedGroups(snapshot),
    counters: { polls: 2, pollFailures: 1 },
    buildInfo: { version: '1.0.0' },
  })

  it.each(['text', 'openmetrics'] as Format[])('serves the same bytes, plain and gzipped (%s)', (format) => {
    const before = new Exposition(rendered, compress(rendered))
    const expectedPlain = Buffer.concat(before.respond(format, TAIL, false))
    const expectedGzip = Buffer.concat(before.respond(format, TAIL, true))
    // A copy of the body, since the transfer detaches the original.
    const copy = new Rendered(Buffer.from(rendered.text), rendered.patches)
    const after = acrossThreads(publication(copy))
    const served = new Exposition(after.rendered, after.gzipped)
    expect(Buffer.concat(served.respond(format, TAIL, false)).equals(expectedPlain)).toBe(true)
    const gz = Buffer.concat(served.respond(format, TAIL, true))
    expect(gz.equals(expectedGzip)).toBe(true)
    expect(gunzipSync(gz).equals(expectedPlain)).toBe(true)
    expect(after.lastSuccessAt).toBe(1_700_000_000_000)
    expect(after.polled).toBe(true)
  })

  it('moves the body instead of copying it (the sender is left with a detached buffer)', () => {
    const body = Buffer.allocUnsafeSlow(1 << 20).fill(0x61)
    const p = publication(new Rendered(body))
    acrossThreads(p)
    expect(body.buffer.byteLength).toBe(0)
  })

  it("copies a body that shares Node's pool of small Buffers rather than detaching the pool", () => {
    const small = Buffer.from('kafkascope_up 1\n')
    const neighbour = Buffer.from('still here')
    const after = acrossThreads(publication(new Rendered(small)))
    expect(small.toString()).toBe('kafkascope_up 1\n')
    expect(neighbour.toString()).toBe('still here')
    expect(after.rendered.text.toString()).toBe('kafkascope_up 1\n')
  })

  it('packs what the formats share once (deflated segments and headers)', () => {
    const p = publication(new Rendered(Buffer.from(rendered.text), rendered.patches))
    const { message } = pack(p)
    const deflated = [...p.gzipped.text.deflated, ...p.gzipped.openmetrics.deflated]
    const unique = new Set(deflated)
    const headers = rendered.patches.reduce((n, x) => n + x.openmetrics.length, 0)
    const bytes = [...unique].reduce((n, b) => n + b.length, 0) + headers
    expect(message.small.byteLength).toBe(bytes)
  })
})
