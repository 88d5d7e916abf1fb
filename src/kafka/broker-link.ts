import { Admin, type Broker, type Connection, TimeoutError } from '@platformatic/kafka'
import { KafkascopeError } from '../errors.js'
import { VERSION } from '../version.js'
import type { ApiCall } from './api-call.js'
import { ApiTable } from './api-table.js'
import { apiVersionsRequest } from './api-versions.js'
import type { KafkaSecurity } from './auth.js'
import { AuthBackoff } from './auth-backoff.js'
import { type ConnectionStage, explainConnectionError } from './auth-errors.js'
import type { KafkaClientOptions } from './client-options.js'
import { kafkaErrorName } from './error-names.js'
import {
  type Address,
  AllFailedError,
  addressKey,
  addressOf,
  raceInTurn,
  SlowBrokers,
  toBroker,
} from './failover.js'
import type { BrokerRecord } from './types.js'

/** Bounds of the delay before a cluster-wide request is also sent to the next address (see #stagger). */
const MIN_STAGGER_MS = 500
const STAGGER_PER_ANSWER_MS = 4

/**
 * Connections to the brokers, for client.ts: the library's pool, our API version table, failover of cluster-wide
 * requests across addresses, and what to do with a broker that stops answering. Errors come out explained
 * (authentication, TLS) or as KafkascopeErrors naming the broker.
 */
export class BrokerLink {
  readonly #admin: Admin
  /** Separate connections for forwarded requests (ApiCall.forwarded), which may wait on a lost controller. */
  readonly #forwarding: Admin
  readonly #bootstrap: Broker[]
  /** Brokers learnt from the last metadata, asked after the bootstrap addresses. */
  known: Address[] = []
  readonly #security: KafkaSecurity | undefined
  readonly #backoff: AuthBackoff
  /** The last socket error per connection: with TLS 1.3 a refused client certificate shows only there. */
  readonly #socketErrors = new WeakMap<Connection, Error>()
  /** Answered something but ApiVersions (which a SASL listener answers to anyone): a later close proves nothing. */
  readonly #answered = new WeakSet<Connection>()
  readonly #timeoutMs: number
  readonly #slow: SlowBrokers
  readonly #slowHoldMs: number
  readonly #onUnanswered: KafkaClientOptions['onUnanswered']
  /** Per broker address: in a cluster being upgraded, or older than Kafka 3.1, brokers differ in what they implement. */
  readonly #apis = new Map<string, ApiTable>()
  readonly #apiLoads = new WeakMap<Connection, Promise<ApiTable>>()
  /** How long the last Metadata answer took, for the stagger delay. */
  #metadataMs = 0

  constructor(options: KafkaClientOptions) {
    const timeout = options.requestTimeoutMs ?? 10_000
    this.#timeoutMs = timeout
    this.#slowHoldMs = options.slowHoldMs ?? 300_000
    this.#slow = new SlowBrokers(this.#slowHoldMs)
    this.#onUnanswered = options.onUnanswered
    this.#bootstrap = options.bootstrap.map(toBroker)
    const admin = {
      clientId: options.clientId ?? 'kafkascope',
      bootstrapBrokers: this.#bootstrap,
      // The poller retries on its own schedule; library retries would multiply requests and hide the cause.
      retries: 0,
      connectTimeout: timeout,
      requestTimeout: timeout,
      timeout,
      ...(options.security?.tls ? { tls: options.security.tls } : {}),
      ...(options.security?.sasl ? { sasl: options.security.sasl } : {}),
    }
    this.#admin = new Admin(admin)
    this.#forwarding = new Admin(admin)
    this.#security = options.security
    this.#backoff = new AuthBackoff({ baseMs: options.authRetryBaseMs ?? 15_000, maxMs: 300_000 })
  }

  /**
   * A cluster-wide request (Metadata, DescribeConfigs) to any broker: bootstrap addresses first (what the user
   * configured), then brokers learnt earlier, so the loss of one survives; addresses that timed out lately go last.
   * They are raced in turn (failover.ts), so an address that accepts connections but never answers costs one
   * stagger delay, not the poll: the next address is asked while the first still may answer.
   */
  async anyBroker<Out>(call: ApiCall<Out>): Promise<Out> {
    const candidates = this.#slow.order(this.#candidates(call.forwarded))
    const fingerprint = this.#security?.fingerprint() ?? ''
    this.#backoff.check(fingerprint)
    try {
      const response = await raceInTurn(
        candidates,
        async (address) => {
          const started = performance.now()
          const pool = call.forwarded ? this.#forwarding : this.#admin
          const answer = await this.#call(call, await this.#connection(address, pool))
          if (call.api === 'Metadata') this.#metadataMs = performance.now() - started
          return answer
        },
        this.#stagger(),
      )
      this.#backoff.succeeded()
      return response
    } catch (error) {
      const perBroker = error instanceof AllFailedError ? error.errors : [error]
      const refused = perBroker.filter(
        (e): e is KafkascopeError =>
          e instanceof KafkascopeError && (e.code === 'KSC_KAFKA_AUTH' || e.code === 'KSC_KAFKA_TLS'),
      )
      if (refused.length > 0 && refused.length === perBroker.length) {
        // Every broker refused our credentials or certificate: say that, not "unreachable".
        const unique = [...new Map(refused.map((e) => [e.message, e])).values()]
        const first = unique[0] as KafkascopeError
        const all =
          unique.length === 1
            ? first
            : new KafkascopeError(first.code, unique.map((e) => e.message).join('; '))
        this.#backoff.failed(all, fingerprint)
        throw all
      }
      const tried = candidates.map(addressKey).join(', ')
      throw new KafkascopeError('KSC_KAFKA_UNREACHABLE', `failed to reach any broker (tried ${tried})`, {
        cause: error,
      })
    }
  }

  /** Forwarded calls ask the brokers the metadata named first: a bootstrap address may be no broker at all. */
  #candidates(brokersFirst = false): Address[] {
    const seen = new Set<string>()
    const all = brokersFirst ? [...this.known, ...this.#bootstrap] : [...this.#bootstrap, ...this.known]
    return all.filter((b) => {
      const key = addressKey(b)
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
  }

  /**
   * How long to wait for an answer before asking the next address too. Metadata answers in milliseconds on a healthy
   * cluster (under 20 ms on the 3-node test cluster, a few hundred ms with ~100k partitions), so 4× the last answer,
   * at least 500 ms, rarely sends a second request to a slow but working broker; capped at half the request timeout
   * so that with a hung first address the next one is asked well within a poll.
   */
  #stagger(): number {
    return Math.min(this.#timeoutMs / 2, Math.max(MIN_STAGGER_MS, STAGGER_PER_ANSWER_MS * this.#metadataMs))
  }

  /** An authentication or TLS failure as one sentence (auth-errors.ts); undefined for other failures. */
  #explain(error: unknown, address: string, stage?: ConnectionStage): KafkascopeError | undefined {
    return this.#security
      ? explainConnectionError(error, address, this.#security.description, stage)
      : undefined
  }

  /**
   * For a failed request: the connection's socket error explained first (a TLS alert: with TLS 1.3 a refused
   * client certificate shows only there, while the request just sees the connection close), else its own error.
   */
  #explainRequest(
    error: unknown,
    connection: Connection,
    stage: ConnectionStage,
  ): KafkascopeError | undefined {
    const address = `${connection.host}:${connection.port}`
    return (
      this.#explain(this.#socketErrors.get(connection), address, stage) ??
      this.#explain(error, address, stage)
    )
  }

  #watch(connection: Connection): Connection {
    if (this.#security?.tls && !this.#socketErrors.has(connection)) {
      this.#socketErrors.set(connection, new Error('no socket error'))
      connection.on('error', (error: Error) => this.#socketErrors.set(connection, error))
    }
    return connection
  }

  /** A pooled connection to a broker (with its id, for messages) or to a bootstrap address. */
  async #connection(target: Address & { id?: number }, pool = this.#admin): Promise<Connection> {
    try {
      return this.#watch(await pool.connections.get({ host: target.host, port: target.port }))
    } catch (error) {
      if (error instanceof TimeoutError) this.#timedOut(target)
      const explained = this.#explain(error, addressKey(target))
      if (explained) throw explained
      const which = target.id === undefined ? '' : `broker ${target.id} at `
      throw new KafkascopeError(
        'KSC_KAFKA_UNREACHABLE',
        `failed to connect to ${which}${addressKey(target)}`,
        { cause: error },
      )
    }
  }

  /** One request to this broker (a forwarded one on its own connections, see ApiCall.forwarded); see #call. */
  async request<Out>(broker: BrokerRecord, call: ApiCall<Out>): Promise<Out> {
    return this.#call(call, await this.#connection(broker, call.forwarded ? this.#forwarding : this.#admin))
  }

  /** Whether a broker's ApiVersions allows `call` (false until one answered): for APIs sent to any broker. */
  supports = (call: ApiCall<unknown>): boolean => [...this.#apis.values()].some((t) => t.supports(call))
  /** Whether this broker implements `version` of `api` (asks its ApiVersions once, on the first connection). */
  async hasVersion(broker: BrokerRecord, api: string, version: number): Promise<boolean> {
    return (await this.#apiTable(await this.#connection(broker))).hasVersion(api, version)
  }

  async close(): Promise<void> {
    await Promise.all([this.#admin.close(), this.#forwarding.close()])
  }

  /** One request with the highest API version both sides support; a response with error codes is returned as is. */
  async #call<Out>(call: ApiCall<Out>, connection: Connection): Promise<Out> {
    const table = await this.#apiTable(connection)
    let version: number
    try {
      version = table.version(call)
    } catch (error) {
      throw new KafkascopeError('KSC_KAFKA_REQUEST', `failed to send ${call.api}`, { cause: error })
    }
    return this.#send(call, version, connection)
  }

  /** The API versions of the broker on this connection, asked once per broker address (each racer asks its own). */
  #apiTable(connection: Connection): Promise<ApiTable> {
    const key = addressKey(addressOf(connection))
    const known = this.#apis.get(key)
    if (known) return Promise.resolve(known)
    let load = this.#apiLoads.get(connection)
    if (!load) {
      const call = apiVersionsRequest({ softwareName: 'kafkascope', softwareVersion: VERSION })
      load = this.#send(call, 3, connection).then(({ errorCode, apis }) => {
        if (errorCode !== 0) {
          throw new KafkascopeError(
            'KSC_KAFKA_REQUEST',
            `failed ApiVersions on ${connection.host}:${connection.port}: ${kafkaErrorName(errorCode)}`,
          )
        }
        const table = this.#apis.get(key) ?? new ApiTable(apis)
        this.#apis.set(key, table)
        return table
      })
      load.catch(() => this.#apiLoads.delete(connection))
      this.#apiLoads.set(connection, load)
    }
    return load
  }

  #send<Out>(call: ApiCall<Out>, version: number, connection: Connection): Promise<Out> {
    // Where on the connection a close happens says what the listener expects (auth-errors.ts); once it has answered,
    // a close says nothing about the listener.
    const stage: ConnectionStage = this.#answered.has(connection)
      ? 'request'
      : call.api === 'ApiVersions'
        ? 'api-versions'
        : 'first-request'
    const { requestTags, responseTags } = call.headers(version)
    return new Promise((resolve, reject) => {
      connection.send(
        call.key,
        version,
        () => call.encode(version),
        (_correlationId, _apiKey, v, reader) => call.decode(reader, v),
        requestTags,
        responseTags,
        (error: Error | null, response: unknown) => {
          if (!error) {
            if (call.api !== 'ApiVersions') this.#answered.add(connection)
            this.#slow.answered(addressOf(connection))
            // Per-partition or per-group error codes are data in the decoded answer: the caller judges them.
            resolve(response as Out)
            return
          }
          if (error instanceof TimeoutError) this.#abandon(connection)
          reject(
            // With TLS 1.3 a refused client certificate only shows on the first request.
            this.#explainRequest(error, connection, stage) ??
              new KafkascopeError('KSC_KAFKA_REQUEST', `failed to send ${call.api}`, { cause: error }),
          )
        },
      )
    })
  }

  /**
   * A broker that let a request time out is frozen, overloaded or behind a half-open connection: drop the pooled
   * connection (the library keeps reusing it, and the next poll's requests would queue behind the lost one) and ask
   * it last for cluster-wide requests. Other requests still waiting on it fail at once with "Connection closed".
   */
  #abandon(connection: Connection): void {
    this.#timedOut(addressOf(connection))
    connection.socket?.destroy()
  }

  #timedOut(address: Address): void {
    if (this.#slow.timedOut(address)) this.#onUnanswered?.(addressKey(address), this.#slowHoldMs)
  }
}
