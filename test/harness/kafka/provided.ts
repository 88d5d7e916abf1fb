// Values test/harness/global-setup.ts provides to the integration test workers (read them with inject()).
declare module 'vitest' {
  export interface ProvidedContext {
    /** "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3" (PLAINTEXT listeners of the shared cluster). */
    kafkaBootstrap: string
    /** Base URL of the control server (see control-server.ts); use connectCluster() from remote.ts. */
    kafkaControlUrl: string
    kafkaVersion: string
  }
}

export {}
