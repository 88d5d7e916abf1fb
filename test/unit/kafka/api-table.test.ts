import { describe, expect, it } from 'vitest'
import { ApiTable } from '../../../src/kafka/api-table.js'
import { describeQuorumRequest } from '../../../src/kafka/describe-quorum.js'

describe('ApiTable.supports', () => {
  const call = describeQuorumRequest()
  it.each([
    ['a ZooKeeper-mode broker, which does not list DescribeQuorum', [], false],
    [
      'a KRaft broker of 3.9 or 4.4 (v0-v2)',
      [{ name: 'DescribeQuorum', minVersion: 0, maxVersion: 2 }],
      true,
    ],
    // Preview KRaft (2.8-3.2) lists v0, but answers it UNKNOWN_SERVER_ERROR: skipped.
    [
      'a preview-KRaft broker of 2.8-3.2 (v0 only)',
      [{ name: 'DescribeQuorum', minVersion: 0, maxVersion: 0 }],
      false,
    ],
    ['a broker of 3.3-3.8 (v0-v1)', [{ name: 'DescribeQuorum', minVersion: 0, maxVersion: 1 }], true],
    [
      'a future broker that dropped every version we can read',
      [{ name: 'DescribeQuorum', minVersion: 3, maxVersion: 4 }],
      false,
    ],
  ])('%s: %s', (_, ranges, expected) => {
    expect(new ApiTable(ranges).supports(call)).toBe(expected)
  })

  it('picks the highest common version for a supported call', () => {
    expect(new ApiTable([{ name: 'DescribeQuorum', minVersion: 0, maxVersion: 5 }]).version(call)).toBe(2)
  })
})
