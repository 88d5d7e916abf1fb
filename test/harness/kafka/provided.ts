// Values test/harness/global-setup.ts provides to the integration test workers (read them with inject()).
declare module 'vitest' {
  export interface ProvidedContext {
    /** "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3" (PLAINTEXT listeners of the shared cluster). */
    kafkaBootstrap: string
    /** Base URL of the control server (see control-server.ts); use connectCluster() from remote.ts. */
    kafkaControlUrl: string
    kafkaVersion: string
    /**
     * Per node id, a free port that the PROXIED listener of that node advertises. Nothing listens there until a test
     * starts a proxy on it (test/harness/counting-proxy.ts) forwarding to the node's `extraPorts.PROXIED`.
     */
    kafkaProxyPorts: Record<number, number>
  }
}

export {}
