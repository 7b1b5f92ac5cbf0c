// The API clients: openapi-fetch over the `paths` types that standin generates from the providers' OpenAPI documents,
// so every path, parameter, body and response below is checked by the compiler against the contract.
import createClient, { type Client } from 'openapi-fetch'
import type { paths as DeditPaths } from 'standin/types/dedit'
import type { components as EnfinitosComponents, paths as EnfinitosPaths } from 'standin/types/enfinitos'
import type { ServiceConfig } from './config.js'
import { ProviderError } from './errors.js'

export type EnfinitosClient = Client<EnfinitosPaths>
export type DeditClient = Client<DeditPaths>
export type EnfinitosSchemas = EnfinitosComponents['schemas']

const lazyFetch = (request: Request) => globalThis.fetch(request)

export function createEnfinitosClient(config: ServiceConfig): EnfinitosClient {
  return createClient<EnfinitosPaths>({
    baseUrl: config.enfinitosBaseUrl,
    headers: { authorization: `Bearer ${config.enfinitosApiKey}` },
    fetch: config.fetch ?? lazyFetch,
  })
}

export function createDeditClient(config: ServiceConfig): DeditClient {
  return createClient<DeditPaths>({ baseUrl: config.deditBaseUrl, fetch: config.fetch ?? lazyFetch })
}

interface Outcome<T> {
  data?: T
  error?: unknown
  response: Response
}

/** The `data` of an EnfinitOS success envelope, or a ProviderError built from its error envelope. */
export function enfinitosData<T extends { data: unknown }>(operation: string, outcome: Outcome<T>): T['data'] {
  if (outcome.data !== undefined) return outcome.data.data
  const error = (outcome.error ?? {}) as { error?: { code?: string; message?: string } }
  throw new ProviderError(
    'enfinitos',
    operation,
    outcome.response.status,
    error.error?.code ?? 'UNKNOWN',
    error.error?.message ?? outcome.response.statusText,
  )
}

/** A Dedit body, or a ProviderError built from its `{statusCode, error, message}` body. */
export function deditData<T>(operation: string, outcome: Outcome<T>): T {
  if (outcome.data !== undefined) return outcome.data
  const error = (outcome.error ?? {}) as { error?: string; message?: string }
  throw new ProviderError(
    'dedit',
    operation,
    outcome.response.status,
    error.error ?? 'UNKNOWN',
    error.message ?? outcome.response.statusText,
  )
}
