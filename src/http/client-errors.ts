import type { Duplex } from 'node:stream'
import type { Logger } from '../log.js'

/** How long a refused connection stays open reading what the client still sends, so its answer is not reset. */
const LINGER_MS = 2000

// Node's HTTP parser reports every further chunk of a broken request again; answer only the first report.
const answered = new WeakSet<Duplex>()

function statusLine(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'HTTP/1.1 431 Request Header Fields Too Large'
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'HTTP/1.1 408 Request Timeout'
    default:
      return 'HTTP/1.1 400 Bad Request'
  }
}

/**
 * Answers a request Node's HTTP parser refused ('clientError'): 431 for headers over the limit (Node's 16 KiB
 * --max-http-header-size), 408 for a request too slow to arrive, 400 for anything else. Node's own answer writes
 * the status and destroys the socket at once; when the client is still sending (large headers), the unread bytes
 * make the kernel reset the connection and the client sees "connection reset" instead of the status. Here the
 * answer is sent with a FIN and the rest of the request is read and dropped until the client closes, for at most
 * LINGER_MS.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex, log: Logger): void {
  if (answered.has(socket)) return
  answered.add(socket)
  log.debug(
    { remote: (socket as { remoteAddress?: string }).remoteAddress, err: error.code ?? error.message },
    'refused a malformed request',
  )
  // A response already under way on this connection (keep-alive) must not get a status line in its body.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  socket.end(`${statusLine(error.code)}\r\nConnection: close\r\n\r\n`)
  const timer = setTimeout(() => socket.destroy(), LINGER_MS)
  timer.unref()
  socket.once('close', () => clearTimeout(timer))
}
