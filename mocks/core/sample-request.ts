// A conformance sample request turned into the engine's input, apart from conformance.ts (which types.ts imports, so
// it cannot import types.ts back).
import type { SampleRequest } from './conformance.js'
import type { MockRequest } from './types.js'

/**
 * A sample request as the engine takes it: path and query split, header names lower-cased, the body as JSON text.
 * One conversion for every in-process sender (`standin check`, the conformance tests, the benchmark).
 */
export function sampleToMockRequest(req: SampleRequest): MockRequest {
  const q = req.path.indexOf('?')
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v
  return {
    method: req.method,
    path: q < 0 ? req.path : req.path.slice(0, q),
    query: q < 0 ? '' : req.path.slice(q + 1),
    headers,
    bodyText: req.body === undefined ? '' : JSON.stringify(req.body),
  }
}
