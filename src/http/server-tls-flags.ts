import { stringify } from 'yaml'
import type { Logger } from '../log.js'
import { parseWebConfig, type WebConfig } from './web-config.js'
import { WebSecurity } from './web-security.js'

/** kafka_exporter's --server.tls.* flags: TLS for the endpoint, and a client CA for mutual TLS. */
export interface ServerTlsFlags {
  readonly certFile: string
  readonly keyFile: string
  /** Set with --server.tls.mutual-auth-enabled: clients must present a certificate signed by it. */
  readonly clientCaFile: string | undefined
}

/** What stands for a web config file in logs and messages when the flags give it. */
export const SERVER_TLS_SOURCE = "kafka_exporter's --server.tls.* flags"

/**
 * The flags as the web config they mean (exporter-toolkit's tls_server_config), read by the same parser as
 * --web.config.file: the same PEM checks at start (exit 2), TLS 1.2 at least, as kafka_exporter has, and the
 * certificate files re-read when they change. Paths are as given on the command line (relative to the working
 * directory).
 */
export function serverTlsWebConfig(flags: ServerTlsFlags): WebConfig {
  const tls: Record<string, string> = { cert_file: flags.certFile, key_file: flags.keyFile }
  if (flags.clientCaFile !== undefined) {
    tls.client_auth_type = 'RequireAndVerifyClientCert'
    tls.client_ca_file = flags.clientCaFile
  }
  const config = parseWebConfig(stringify({ tls_server_config: tls }), SERVER_TLS_SOURCE)
  // The stand-in name is no file: only the certificate files are watched.
  return { ...config, files: config.files.filter((f) => f !== SERVER_TLS_SOURCE) }
}

/** The endpoint's security from --web.config.file or the --server.tls.* flags (validate.ts allows one); none for plain HTTP. */
export function webSecurityFor(
  web: { readonly configFile: string | undefined; readonly serverTls: ServerTlsFlags | undefined },
  log: Logger,
): WebSecurity | undefined {
  if (web.configFile !== undefined) return WebSecurity.load(web.configFile, log)
  const flags = web.serverTls
  if (flags === undefined) return undefined
  return WebSecurity.load(SERVER_TLS_SOURCE, log, () => serverTlsWebConfig(flags))
}
