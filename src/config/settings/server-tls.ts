import { setting } from '../setting.js'
import { parseBool, pemFile } from '../values-auth.js'

/**
 * kafka_exporter's TLS for its own endpoint (--server.tls.*), mapped onto the same web config --web.config.file
 * gives (exporter-toolkit's tls_server_config), so both behave alike: TLS 1.2 at least, certificates re-read
 * when they change.
 */
export const SERVER_TLS_SETTINGS = [
  setting({
    key: 'serverTlsEnabled',
    flag: 'server.tls.enabled',
    kind: 'boolean',
    help: "Serve the endpoint over TLS with --server.tls.cert-file and --server.tls.key-file (kafka_exporter's form of --web.config.file's tls_server_config)",
    default: false,
    parse: parseBool,
    placeholder: 'bool',
  }),
  setting({
    key: 'serverTlsMutualAuth',
    flag: 'server.tls.mutual-auth-enabled',
    kind: 'boolean',
    help: 'Require client certificates signed by --server.tls.ca-file (client_auth_type RequireAndVerifyClientCert)',
    default: false,
    parse: parseBool,
    placeholder: 'bool',
    onlyWith: 'server.tls.enabled',
  }),
  setting({
    key: 'serverTlsCaFile',
    flag: 'server.tls.ca-file',
    kind: 'path',
    help: "PEM file of the CAs that sign the clients' certificates, with --server.tls.mutual-auth-enabled",
    default: undefined as string | undefined,
    parse: pemFile,
    onlyWith: 'server.tls.mutual-auth-enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'serverTlsCertFile',
    flag: 'server.tls.cert-file',
    kind: 'path',
    help: 'PEM certificate of the endpoint, with --server.tls.enabled',
    default: undefined as string | undefined,
    parse: pemFile,
    onlyWith: 'server.tls.enabled',
    placeholder: 'file',
  }),
  setting({
    key: 'serverTlsKeyFile',
    flag: 'server.tls.key-file',
    kind: 'path',
    help: 'PEM private key of --server.tls.cert-file',
    default: undefined as string | undefined,
    parse: pemFile,
    onlyWith: 'server.tls.enabled',
    placeholder: 'file',
  }),
] as const
