// `standin verify` fails fast on a key the provider refuses: the first refusal (401, or 403 before anything worked)
// stops the run, no later probe is sent (each would be refused too, and a probe that must be rejected would "pass"
// on the refusal), and the report says what to check. A 403 after the key has worked is one operation's permission.
import { describe, expect, it } from 'vitest'
import { verifyCommand } from '../mocks/verify/command.js'
import { runProbes } from '../mocks/verify/run.js'
import { enfinitosErrorResponse, useVerifyServer } from './helpers/verify-server.js'

const KEY = 'sk_test_keyrejected0123456789'
const server = useVerifyServer()

/**
 * fetch to the server, counting requests; `scenarioFor` selects a scenario on a request (X-Standin-Scenario), and the
 * paths in `forbid` are answered 403 in the provider's envelope, as a key without the role would be.
 */
function countingFetch(scenarioFor: (path: string) => string | undefined = () => undefined, forbid: string[] = []) {
  const sent: string[] = []
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(String(input))
    sent.push(`${init?.method ?? 'GET'} ${url.pathname}`)
    if (forbid.includes(url.pathname)) return enfinitosErrorResponse(403, 'FORBIDDEN', 'This key lacks the scope.')
    const scenario = scenarioFor(url.pathname)
    const headers = {
      ...(init?.headers as Record<string, string>),
      ...(scenario ? { 'x-standin-scenario': scenario } : {}),
    }
    return fetch(input, { ...init, headers })
  }
  return { sent, fetch: wrapped }
}

describe('a key the provider refuses', () => {
  it('stops at the first 401: one refused request, no more probes, exit 4', async () => {
    const f = countingFetch()
    const report = await runProbes({
      provider: 'enfinitos',
      baseUrl: server.url,
      token: 'not-an-api-key',
      fetch: f.fetch,
    })
    // the public runtime keys (no key needed), then the first probe that sends the key
    expect(f.sent).toEqual(['GET /v1/runtime-keys', 'GET /v1/rights/bases'])
    expect(report.probes.map((p) => [p.name, p.status, p.outcome])).toEqual([
      ['runtime keys (public, no credentials)', 200, 'ok'],
      ['list bases', 401, 'error'],
    ])
    expect(report.probes[1]?.note).toMatch(
      /^the provider refused the key: 401 \(UNAUTHORIZED .*\); no more probes sent$/,
    )
    expect(report.stopped).toMatchObject({ reason: 'key-rejected', probe: 'list bases', status: 401 })
    expect(report.exitCode).toBe(4)
  })

  it('stops on a 403 before anything has worked with the key', async () => {
    const f = countingFetch(undefined, ['/v1/rights/bases', '/v1/rights'])
    const report = await runProbes({ provider: 'enfinitos', baseUrl: server.url, token: KEY, fetch: f.fetch })
    expect(report.stopped).toMatchObject({ probe: 'list bases', status: 403 })
    expect(f.sent).toHaveLength(2)
  })

  it('goes on after a 403 once the key has worked: a permission of one operation, not a refused key', async () => {
    const f = countingFetch(undefined, ['/v1/challenges'])
    const report = await runProbes({ provider: 'enfinitos', baseUrl: server.url, token: KEY, fetch: f.fetch })
    expect(report.stopped).toBeUndefined()
    expect(report.probes.find((p) => p.name === 'list challenges')).toMatchObject({
      status: 403,
      note: expect.stringMatching(/^expected a success, got 403 \(FORBIDDEN /),
    })
    expect(report.probes.find((p) => p.name === 'no credentials')).toMatchObject({ status: 401, outcome: 'ok' })
  })

  it('stops when Dedit refuses the API key at login', async () => {
    const f = countingFetch((path) => (path === '/api/v2/auth/login' ? 'dedit:auth.login-rejected' : undefined))
    const report = await runProbes({ provider: 'dedit', baseUrl: server.url, token: 'dk_revoked', fetch: f.fetch })
    expect(f.sent).toEqual(['POST /api/v2/auth/login'])
    expect(report.stopped).toMatchObject({ probe: 'log in with the API key', status: 401 })
    expect(report.exitCode).toBe(4)
  })

  it('says so in the summary: what stopped the run and what to check', async () => {
    const out: string[] = []
    const err: string[] = []
    const code = await verifyCommand(
      ['--provider', 'enfinitos', '--base-url', server.url, '--token', 'not-an-api-key'],
      { out: (t) => out.push(t), err: (t) => err.push(t) },
    )
    expect(code).toBe(4)
    const text = out.join('\n')
    expect(text).toContain(
      'stopped after "list bases": the provider refused the key (401), so no more probes were sent.',
    )
    expect(text).toContain('Check --token / --token-env')
    expect(text).toContain('exit 4: incomplete: the provider refused the key')
    expect(text).not.toMatch(/invalid: unknown status filter/) // never sent, so never "passed" on the refusal
    expect([...out, ...err].join('\n')).not.toContain('not-an-api-key')
  })
})
