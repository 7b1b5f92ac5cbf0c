// What the `standin verify` tests share: a standin HTTP server to verify against (fixed seed and clock, started before
// the file's tests and closed after them), and answers in EnfinitOS's error envelope for the fetch wrappers that
// stand in for a provider refusing or limiting a request.
import { afterAll, beforeAll } from 'vitest'
import { type RunningServer, startServer } from '../../mocks/server.js'
import { createEngine } from './engine.js'

/** The server's URL, readable once the file's beforeAll has run. */
export interface VerifyServer {
  readonly url: string
}

/** Registers beforeAll/afterAll hooks that start and close a loopback server on an ephemeral port. */
export function useVerifyServer(): VerifyServer {
  let server: RunningServer | undefined
  beforeAll(async () => {
    server = await startServer(createEngine(), {
      host: '127.0.0.1',
      port: 0,
      session: { seed: 1, clock: '2026-04-01T12:00:00.000Z' },
    })
  })
  afterAll(() => server?.close())
  return {
    get url() {
      if (!server) throw new Error('the verify server is not started: read its url inside a test')
      return server.url
    },
  }
}

/** A `status` answer in EnfinitOS's error envelope, with `headers` added to its content type. */
export function enfinitosErrorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body = { ok: false, error: { code, message, details: [] }, contractVersion: 'v1.0' }
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}
