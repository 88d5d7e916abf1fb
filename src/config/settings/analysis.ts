import { setting } from '../setting.js'
import { parseCount, positiveDuration } from '../values.js'

/** How consumer-group status is judged over the polls. */
export const ANALYSIS_SETTINGS = [
  setting({
    key: 'statusWindow',
    flag: 'status.window',
    kind: 'duration',
    help: 'Sliding window of polls over which consumer-group status (ok, unknown, lagging, stopped, stalled, rewound) is judged; trends need 80 % of it observed',
    default: 600_000,
    parse: (t: string) => positiveDuration(t, 1000),
    placeholder: 'duration',
  }),
  setting({
    key: 'statusAllowedLag',
    flag: 'status.allowed-lag',
    kind: 'count',
    help: 'Lag in messages a partition may have and still be ok, whatever its trend',
    default: 0,
    parse: parseCount,
    placeholder: 'messages',
  }),
  setting({
    key: 'groupInactiveGrace',
    flag: 'group.inactive-grace',
    kind: 'duration',
    help: 'How long a group without members keeps its status series after its offsets stop moving (it stays evaluated meanwhile); its lag series stay while Kafka keeps its offsets',
    default: 1_800_000,
    parse: (t: string) => positiveDuration(t, 1000),
    placeholder: 'duration',
  }),
] as const
