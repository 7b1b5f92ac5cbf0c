/**
 * Fetch API <-> engine conversion, shared by the MSW handlers and `standin.fetch` (in-process, no MSW needed).
 * Faults become what a fetch client really sees: a rejected fetch (network error, reset, timeout after a bounded
 * wait) or a body stream that breaks half-way (truncated body).
 */
import type { FinalResponse, MockRequest } from './core/types.js'

export async function toMockRequest(request: Request): Promise<MockRequest> {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  request.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value
  })
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  return {
    method: request.method,
    path: url.pathname,
    query: url.search.startsWith('?') ? url.search.slice(1) : url.search,
    headers,
    bodyText: hasBody ? await request.text() : '',
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Builds the fetch Response (or `Response.error()` for a network-level fault) after any delay the engine asked for. */
export async function toFetchResponse(final: FinalResponse): Promise<Response> {
  if (final.delayMs) await sleep(final.delayMs)
  const fault = final.fault
  if (fault) {
    if (fault.kind === 'timeout') await sleep(fault.afterMs)
    if (fault.kind !== 'truncated-body') return Response.error()
    const bytes = new TextEncoder().encode(final.bodyText || '{"truncated":true,"padding":"................"}')
    const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(half)
        // The announced length is never reached: reading the body rejects, as it does when a socket closes early.
        controller.error(new TypeError('terminated: the connection closed before the body was complete'))
      },
    })
    return new Response(stream, {
      status: final.status || 200,
      headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
    })
  }
  const nullBody = final.status === 204 || final.status === 304 || final.bodyText === ''
  return new Response(nullBody ? null : final.bodyText, { status: final.status, headers: final.headers })
}
