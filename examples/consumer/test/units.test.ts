import { sha256Hex, sortedJson } from 'standin/enfinitos'
import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  configFromEnv,
  DEFAULT_DEDIT_BASE_URL,
  DEFAULT_ENFINITOS_BASE_URL,
  documentHash,
} from '../src/index.js'

describe('canonical JSON and the document hash', () => {
  it('sorts keys at every level and drops nothing else', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'é"' })).toBe('{"a":"é\\"","b":[{"a":null,"z":1}]}')
    expect(documentHash({ b: 1, a: 2 })).toBe(documentHash({ a: 2, b: 1 }))
    expect(documentHash({ a: 2, b: 1 })).toMatch(/^[0-9a-f]{64}$/)
  })

  it('agrees with the sorted-key JSON standin hashes rights entities with', () => {
    const value = { records: [{ payload: { dwellMs: 3500, nonce: 'n' }, afterHash: 'x' }], id: 'ppk_1', n: 1.5 }
    expect(canonicalJson(value)).toBe(sortedJson(value))
    expect(documentHash(value)).toBe(sha256Hex(sortedJson(value)))
  })
})

describe('configuration', () => {
  it("defaults to the providers' real base URLs (Dedit's paths already carry /api/v2)", () => {
    const config = configFromEnv({ ENFINITOS_API_KEY: 'sk_test_0123456789abcdef', DEDIT_API_KEY: 'k' })
    expect(config.enfinitosBaseUrl).toBe('https://sandbox.api.enfinitos.com')
    expect(config.deditBaseUrl).toBe('https://app.dedit.io')
    expect([DEFAULT_ENFINITOS_BASE_URL, DEFAULT_DEDIT_BASE_URL]).toEqual([config.enfinitosBaseUrl, config.deditBaseUrl])
  })

  it('takes the base URLs from the environment and needs both API keys', () => {
    const config = configFromEnv({
      ENFINITOS_BASE_URL: 'http://127.0.0.1:4010',
      DEDIT_BASE_URL: 'http://127.0.0.1:4010',
      ENFINITOS_API_KEY: 'sk_test_0123456789abcdef',
      DEDIT_API_KEY: 'k',
    })
    expect(config).toMatchObject({ enfinitosBaseUrl: 'http://127.0.0.1:4010', deditBaseUrl: 'http://127.0.0.1:4010' })
    expect(() => configFromEnv({ ENFINITOS_API_KEY: 'sk_test_0123456789abcdef' })).toThrow('DEDIT_API_KEY is not set')
  })
})
