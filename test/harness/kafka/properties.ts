import { kafkaMajor } from './jars.js'

/**
 * An additional client listener on every node, e.g. for SASL or TLS tests.
 * Inter-broker traffic stays on PLAINTEXT, so only client-facing settings belong in `props`.
 */
export interface ExtraListener {
  /** Listener name, e.g. 'SASL_PLAINTEXT' or 'CLIENT_SSL'. */
  name: string
  /** Security protocol; defaults to `name`, which must then be a protocol name. */
  protocol?: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL'
  /** Extra broker properties for this listener, per node (keystore paths, JAAS config, ...). */
  props?: (nodeId: number) => Record<string, string>
  /** Port to advertise instead of the listening one, e.g. a proxy's port in front of it. */
  advertisedPort?: (nodeId: number) => number
}

export interface NodeLayout {
  version: string
  nodeId: number
  nodeCount: number
  host: string
  port: number
  controllerPort: number
  /** `1@127.0.0.1:9093,...` */
  voters: string
  dataDir: string
  extraListeners: { listener: ExtraListener; port: number }[]
}

/** Broker+controller properties tuned for a small, fast cluster on a 2-core machine. */
export function nodeProperties(
  layout: NodeLayout,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const { host, nodeCount } = layout
  const rf = String(Math.min(3, nodeCount))
  const minIsr = String(Math.min(2, nodeCount))
  const listeners = [`PLAINTEXT://${host}:${layout.port}`, `CONTROLLER://${host}:${layout.controllerPort}`]
  const advertised = [`PLAINTEXT://${host}:${layout.port}`]
  const protocolMap = new Map([
    ['PLAINTEXT', 'PLAINTEXT'],
    ['CONTROLLER', 'PLAINTEXT'],
    ['SSL', 'SSL'],
    ['SASL_PLAINTEXT', 'SASL_PLAINTEXT'],
    ['SASL_SSL', 'SASL_SSL'],
  ])
  let listenerProps: Record<string, string> = {}
  for (const { listener, port } of layout.extraListeners) {
    listeners.push(`${listener.name}://${host}:${port}`)
    advertised.push(`${listener.name}://${host}:${listener.advertisedPort?.(layout.nodeId) ?? port}`)
    protocolMap.set(listener.name, listener.protocol ?? listener.name)
    listenerProps = { ...listenerProps, ...listener.props?.(layout.nodeId) }
  }

  const props: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': String(layout.nodeId),
    'controller.quorum.voters': layout.voters,
    'controller.listener.names': 'CONTROLLER',
    listeners: listeners.join(','),
    'advertised.listeners': advertised.join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': [...protocolMap].map(([k, v]) => `${k}:${v}`).join(','),
    'log.dirs': layout.dataDir,
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    // Default 50 partitions would make the first transactional test pay for 150 replicas.
    'transaction.state.log.num.partitions': '3',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    // A killed follower leaves the ISR after ~3-4.5 s instead of 30-45 s.
    'replica.lag.time.max.ms': '3000',
    'leader.imbalance.check.interval.seconds': '5',
    'num.network.threads': '2',
    'num.io.threads': '2',
    'background.threads': '2',
    // The default 128 MiB dedupe buffer would not fit the small heap.
    'log.cleaner.dedupe.buffer.size': '16777216',
  }
  if (kafkaMajor(layout.version) >= 4) {
    // 4.x creates __share_group_state on demand; same small-cluster treatment as the transaction log.
    props['share.coordinator.state.topic.replication.factor'] = rf
    props['share.coordinator.state.topic.min.isr'] = minIsr
    props['share.coordinator.state.topic.num.partitions'] = '3'
  }
  return { ...props, ...listenerProps, ...overrides }
}

/** java.util.Properties text; only values need escaping for what the harness writes. */
export function toPropertiesFile(props: Record<string, string>): string {
  const escapeValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${escapeValue(v)}`)
    .join('\n')}\n`
}
