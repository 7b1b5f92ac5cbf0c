/**
 * The benchmarks' requests: the provider's own sample requests (its conformance script, `Provider.conformance`), one
 * valid request per operation. The script is replayed through `send` first, in the session the benchmark then loads,
 * so every id a sample names exists there.
 */
import type { SampleAnswer, SampleRequest } from '../mocks/core/conformance.js'
import { createProviders } from '../mocks/providers.js'
import type { ProviderName } from '../mocks/typed.js'

/** Runs `provider`'s conformance script through `send` and returns its first request for each operation. */
export async function samplesOf(
  provider: ProviderName,
  send: (req: SampleRequest) => Promise<SampleAnswer>,
): Promise<Map<string, SampleRequest>> {
  const [script] = createProviders([provider]).map((p) => p.conformance?.script)
  if (!script) throw new Error(`${provider} has no conformance script`)
  const samples = new Map<string, SampleRequest>()
  await script(async (req) => {
    if (!samples.has(req.operationId)) samples.set(req.operationId, req)
    return send(req)
  })
  return samples
}

/** The sample for `operationId`, its query replaced when `query` is given (e.g. a bigger page for a listing). */
export function pick(samples: Map<string, SampleRequest>, operationId: string, query?: string): SampleRequest {
  const sample = samples.get(operationId)
  if (!sample) throw new Error(`the conformance script has no request for ${operationId}`)
  if (query === undefined) return sample
  const path = sample.path.split('?')[0] as string
  return { ...sample, path: query ? `${path}?${query}` : path }
}
