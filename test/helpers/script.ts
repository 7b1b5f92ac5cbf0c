// The providers' conformance scripts (mocks/<provider>/conformance.ts, reached through `Provider.conformance`) as the
// tests replay them, under the names the tests use, plus fetch helpers to send a sample request to any origin.
import {
  runConformance,
  type SampleAnswer,
  type SampleExchange,
  type SampleRequest,
  type SendSample,
} from '../../mocks/core/conformance.js'
import { createProviders, PROVIDER_NAMES } from '../../mocks/providers.js'
import type { ProviderName } from '../../mocks/typed.js'

export { SANDBOX_API_KEY as ENFINITOS_KEY } from '../../mocks/enfinitos/conformance.js'

/** A sample request of one of standin's own providers. */
export type ScriptRequest = Omit<SampleRequest, 'provider'> & { provider: ProviderName }
export type Send = (req: ScriptRequest) => Promise<SampleAnswer>
export type Exchange = Omit<SampleExchange, 'req'> & { req: ScriptRequest }

/** Runs the conformance scripts of these providers (default all), in order, and returns every exchange. */
export async function runScript(
  send: Send,
  options: { providers?: readonly ProviderName[] } = {},
): Promise<Exchange[]> {
  const providers = createProviders(options.providers ?? PROVIDER_NAMES)
  return (await runConformance(providers, send as SendSample)) as Exchange[]
}

/** Turns a sample request into a fetch Request against an origin. */
export function toRequest(origin: string, req: SampleRequest): Request {
  return new Request(`${origin}${req.path}`, {
    method: req.method,
    headers: req.headers ?? {},
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
}

/** A `Send` over fetch, reading each body as text then JSON (empty bodies as null). */
export function fetchSender(
  fetchFn: (r: Request) => Promise<Response>,
  originOf: (req: ScriptRequest) => string,
): Send {
  return async (req) => {
    const res = await fetchFn(toRequest(originOf(req), req))
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null, text }
  }
}
