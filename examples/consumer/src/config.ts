/** Where the service sends its calls and with which credentials. Defaults: the providers' real base URLs. */
export interface ServiceConfig {
  /** EnfinitOS origin; the spec's paths start with `/v1`. */
  enfinitosBaseUrl: string
  /** Dedit origin; the spec's paths already carry `/api/v2`, so this is `https://app.dedit.io`, not `.../api/v2`. */
  deditBaseUrl: string
  /** `sk_live_...`, `sk_sandbox_...` or `sk_test_...` followed by at least 16 characters. */
  enfinitosApiKey: string
  /** The API key issued in the Dedit dashboard, exchanged for a 10 h JWT at login. */
  deditApiKey: string
  /** The fetch both clients use. Default: `globalThis.fetch`, looked up on every call (so MSW can patch it later). */
  fetch?: (request: Request) => Promise<Response>
}

export const DEFAULT_ENFINITOS_BASE_URL = 'https://sandbox.api.enfinitos.com'
export const DEFAULT_DEDIT_BASE_URL = 'https://app.dedit.io'

/** Reads the configuration from the environment; the API keys are required. */
export function configFromEnv(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const required = (name: string): string => {
    const value = env[name]
    if (!value) throw new Error(`${name} is not set`)
    return value
  }
  return {
    enfinitosBaseUrl: env.ENFINITOS_BASE_URL || DEFAULT_ENFINITOS_BASE_URL,
    deditBaseUrl: env.DEDIT_BASE_URL || DEFAULT_DEDIT_BASE_URL,
    enfinitosApiKey: required('ENFINITOS_API_KEY'),
    deditApiKey: required('DEDIT_API_KEY'),
  }
}
