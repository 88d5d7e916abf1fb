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
  return { gzipped: compress(rendered), lastSuccessAt: 1_700_000_000_000, polled: true }
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

  it.each(['text', 'openmetrics'] as Format[])(
    'serves the same bytes, plain and gzipped (%s)',
    async (format) => {
      const before = new Exposition(compress(rendered))
      const expectedGzip = Buffer.concat(await before.respond(format, TAIL, true))
      const expectedPlain = Buffer.concat([
        rendered.body(format),
        TAIL.text,
        Buffer.from(format === 'text' ? '' : '# EOF\n'),
      ])
      const after = acrossThreads(publication(rendered))
      const served = new Exposition(after.gzipped)
      expect(Buffer.concat(await served.respond(format, TAIL, false)).equals(expectedPlain)).toBe(true)
      const gz = Buffer.concat(await served.respond(format, TAIL, true))
      expect(gz.equals(expectedGzip)).toBe(true)
      expect(gunzipSync(gz).equals(expectedPlain)).toBe(true)
      expect(after.lastSuccessAt).toBe(1_700_000_000_000)
      expect(after.polled).toBe(true)
    },
  )

  it('moves the packed pieces instead of copying them (the sender is left with a detached buffer)', () => {
    const { message, transfer } = pack(publication(rendered))
    const { port1, port2 } = new MessageChannel()
    port1.postMessage(message, transfer)
    receiveMessageOnPort(port2)
    port1.close()
    expect(message.small.byteLength).toBe(0)
  })

  it('packs what the formats share once (deflated segments)', () => {
    const p = publication(rendered)
    const { message } = pack(p)
    const unique = new Set([...p.gzipped.text.deflated, ...p.gzipped.openmetrics.deflated])
    const bytes = [...unique].reduce((n, b) => n + b.length, 0)
    expect(message.small.byteLength).toBe(bytes)
    expect(unique.size).toBeLessThan(p.gzipped.text.deflated.length + p.gzipped.openmetrics.deflated.length)
  })
})
