import { describe, expect, it } from 'vitest'
import { quorumSection } from '../../../src/commands/describe-quorum.js'
import { richSnapshot } from '../../fakes/snapshot.js'

describe('the quorum section of describe', () => {
  it("reads like kafka-metadata-quorum's --status and --replication, with ages for timestamps", () => {
    expect(quorumSection(richSnapshot().quorum)).toBe(
      [
        'KRaft quorum: leader 2, epoch 4, high watermark 900',
        'NODE-ID  STATUS    LOG-END-OFFSET  LAG  LAST-FETCH-SECONDS  LAST-CAUGHT-UP-SECONDS',
        '1        Follower  880             20   0.5                 3.0',
        '2        Leader    900             0    0.0                 0.0',
        '7        Observer  -               -    -                   -',
        '',
      ].join('\n'),
    )
  })

  it('says when there is no leader, and is empty where the quorum was not read', () => {
    const q = richSnapshot().quorum
    expect(
      quorumSection(q && { ...q, leaderId: -1 })
        .split('\n')
        .slice(0, 3),
    ).toEqual([
      'KRaft quorum: leader none, epoch 4, high watermark 900',
      'NODE-ID  STATUS    LOG-END-OFFSET  LAG  LAST-FETCH-SECONDS  LAST-CAUGHT-UP-SECONDS',
      '1        Follower  880             20   0.5                 3.0',
    ])
    expect(quorumSection(undefined)).toBe('')
  })
})
