import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { createSecureContext } from 'node:tls'

/**
 * Checks of the PEM files kafkascope is given (the Kafka CA, client certificate and key; the web config's server
 * certificate, key and client CA), so a wrong file fails the start with its name and what is wrong. Without them
 * tls.createSecureContext accepts a CA file without a single certificate, and the mistake only shows at the first
 * connection, as an unverifiable broker, at every poll.
 */

/** Where one file comes from, for messages: e.g. `--tls.ca-file /etc/ca.pem`. */
export type FileName = string

export interface PemFiles {
  readonly ca?: { readonly pem: Buffer; readonly name: FileName }
  readonly cert?: { readonly pem: Buffer; readonly name: FileName }
  readonly key?: { readonly pem: Buffer; readonly name: FileName }
  readonly passphrase?: string
}

/** Throws an Error whose message names the file and what is wrong with it (or with the pair). */
export function checkPemFiles(files: PemFiles): void {
  if (files.ca) {
    const ca = files.ca
    named(ca.name, () => certificates(ca.pem))
    // What the TLS stack will do with it: catches what parses as X.509 but cannot be a trust anchor.
    named(ca.name, () => createSecureContext({ ca: ca.pem }))
  }
  const cert =
    files.cert && named(files.cert.name, () => certificates((files.cert as { pem: Buffer }).pem)[0])
  const key =
    files.key && named(files.key.name, () => privateKey((files.key as { pem: Buffer }).pem, files.passphrase))
  if (cert && key && files.cert && files.key && !cert.checkPrivateKey(key)) {
    throw new Error(`the key in ${files.key.name} does not match the certificate in ${files.cert.name}`)
  }
}

function named<T>(name: FileName, check: () => T): T {
  try {
    return check()
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`)
  }
}

const BEGIN_CERTIFICATE = '-----BEGIN CERTIFICATE-----'
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g

/** Every certificate of a PEM file (a bundle, or a certificate followed by its chain), each parsed. */
export function certificates(pem: Buffer): X509Certificate[] {
  const text = pem.toString('latin1')
  const blocks = text.match(CERTIFICATE) ?? []
  if (blocks.length === 0) throw new Error(`not a PEM certificate (no "${BEGIN_CERTIFICATE}")${derHint(pem)}`)
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block)
    } catch (error) {
      const which = blocks.length === 1 ? 'the certificate' : `certificate ${i + 1} of ${blocks.length}`
      throw new Error(`${which} is not valid: ${opensslReason(error)}`)
    }
  })
}

const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----/

/** The key of a PEM file, decrypted with `passphrase` when it is encrypted. */
export function privateKey(pem: Buffer, passphrase: string | undefined): KeyObject {
  const text = pem.toString('latin1')
  if (!PRIVATE_KEY.test(text))
    throw new Error(`not a PEM private key (no "-----BEGIN PRIVATE KEY-----")${derHint(pem)}`)
  // PKCS#8 encrypted, or the traditional OpenSSL form with a Proc-Type header.
  const encrypted =
    text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || text.includes('Proc-Type: 4,ENCRYPTED')
  if (encrypted && passphrase === undefined) throw new Error('encrypted key: wrong or missing passphrase')
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) })
  } catch (error) {
    if (encrypted) throw new Error('encrypted key: wrong or missing passphrase')
    throw new Error(`not a valid private key: ${opensslReason(error)}`)
  }
}

/** "bad base64 decode" from "error:04800064:PEM routines::bad base64 decode". */
function opensslReason(error: unknown): string {
  const message = (error as Error).message
  return message.replace(/^error:[0-9A-F]+:[^:]*::?/, '')
}

function derHint(data: Buffer): string {
  // DER starts with a SEQUENCE tag and a long length: a binary certificate or key, convertible to PEM.
  return data[0] === 0x30 && data[1] !== undefined && data[1] >= 0x80
    ? '; it looks like binary DER: convert it with openssl x509 -inform der (or openssl pkey -inform der for a key)'
    : ''
}
