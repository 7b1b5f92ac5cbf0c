/** Listening and a graceful shutdown for the node:http server. */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Starts listening; resolves with the URL the server answers on (an IPv6 host in brackets), rejects if it cannot. */
export async function listen(server: Server, port: number, host: string): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return { url: `http://${shown}:${address.port}`, port: address.port }
}

/**
 * The server's close(): stops accepting connections, lets in-flight requests finish (`closing` makes their answers
 * close their connections and ends what must not be waited for), closes idle keep-alive connections; resolves once
 * all is closed. Calling it again returns the same promise.
 */
export function gracefulClose(server: Server, closing: () => void): () => Promise<void> {
  let closed: Promise<void> | undefined
  return () => {
    closed ??= new Promise<void>((resolve, reject) => {
      closing()
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeIdleConnections()
      // Answers written from now on carry `Connection: close`; this sweep is the safety net for any other idle one.
      const sweep = setInterval(() => server.closeIdleConnections(), 100)
      sweep.unref()
      server.once('close', () => clearInterval(sweep))
    })
    return closed
  }
}
