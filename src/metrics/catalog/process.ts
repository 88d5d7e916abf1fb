import { counter, gauge } from './family.js'

/**
 * The process's own figures under the names Prometheus' client libraries use (prom-client's defaults for
 * nodejs_*, the Go client's for process_*), so the panels users already have for any exporter work unchanged.
 * Rendered per scrape (the tail), never per poll.
 */
export const PROCESS_FAMILIES = {
  processCpu: counter(
    'exporter',
    'process_cpu_seconds_total',
    [],
    'Total user and system CPU time spent in seconds (all threads).',
  ),
  processResident: gauge('exporter', 'process_resident_memory_bytes', [], 'Resident memory size in bytes.'),
  processVirtual: gauge(
    'exporter',
    'process_virtual_memory_bytes',
    [],
    'Virtual memory size in bytes (Linux only).',
  ),
  processStart: gauge(
    'exporter',
    'process_start_time_seconds',
    [],
    'Start time of the process since unix epoch in seconds.',
  ),
  processOpenFds: gauge('exporter', 'process_open_fds', [], 'Number of open file descriptors (Linux only).'),
  processMaxFds: gauge(
    'exporter',
    'process_max_fds',
    [],
    'Maximum number of open file descriptors (Linux only; absent when unlimited).',
  ),
  nodeHeapTotal: gauge(
    'exporter',
    'nodejs_heap_size_total_bytes',
    [],
    'Process heap size from Node.js in bytes: the main thread and the poll worker (as of its last poll).',
  ),
  nodeHeapUsed: gauge(
    'exporter',
    'nodejs_heap_size_used_bytes',
    [],
    'Process heap size used from Node.js in bytes: the main thread and the poll worker (as of its last poll).',
  ),
  nodeExternal: gauge(
    'exporter',
    'nodejs_external_memory_bytes',
    [],
    'Node.js external memory size in bytes (Buffers: the rendered exposition lives here).',
  ),
  // Sampled every 50 ms with monitorEventLoopDelay (runtime/self-stats.ts: every 10 ms, as prom-client does, cost 1 %
  // of a core); unlike prom-client's, the values are the delay beyond the sampling interval, not including it.
  eventLoopMin: gauge(
    'exporter',
    'nodejs_eventloop_lag_min_seconds',
    [],
    'The minimum recorded event loop delay of the main thread (the one answering scrapes) since the last scrape: the delay beyond the 50 ms sampling interval.',
  ),
  eventLoopMax: gauge(
    'exporter',
    'nodejs_eventloop_lag_max_seconds',
    [],
    'The maximum recorded event loop delay of the main thread since the last scrape.',
  ),
  eventLoopMean: gauge(
    'exporter',
    'nodejs_eventloop_lag_mean_seconds',
    [],
    'The mean of the recorded event loop delays of the main thread since the last scrape.',
  ),
  eventLoopP50: gauge(
    'exporter',
    'nodejs_eventloop_lag_p50_seconds',
    [],
    'The 50th percentile of the recorded event loop delays of the main thread since the last scrape.',
  ),
  eventLoopP90: gauge(
    'exporter',
    'nodejs_eventloop_lag_p90_seconds',
    [],
    'The 90th percentile of the recorded event loop delays of the main thread since the last scrape.',
  ),
  eventLoopP99: gauge(
    'exporter',
    'nodejs_eventloop_lag_p99_seconds',
    [],
    'The 99th percentile of the recorded event loop delays of the main thread since the last scrape.',
  ),
  nodeVersion: gauge(
    'exporter',
    'nodejs_version_info',
    ['version', 'major', 'minor', 'patch'],
    'Node.js version info; value is always 1.',
  ),
} as const
