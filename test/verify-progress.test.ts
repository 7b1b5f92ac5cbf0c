// `standin verify` shows its progress on stderr while it runs: a line per probe, and before every wait for a retry a
// line with what the provider asked (Retry-After), how long it waits and until when. The report stays on stdout.
import { describe, expect, it } from 'vitest'
import { verifyCommand } from '../mocks/verify/command.js'
import { progressLine } from '../mocks/verify/progress.js'
import { enfinitosErrorResponse, useVerifyServer } from './helpers/verify-server.js'

const KEY = 'sk_test_progress0123456789abc'
const server = useVerifyServer()

/** fetch to the server, except that `path` is answered 429 (with `retryAfter`, when given) `times` times first. */
function limitedFetch(path: string, times: number, retryAfter?: string): typeof fetch {
  let left = times
  return async (input, init) => {
    if (new URL(String(input)).pathname === path && left-- > 0) {
      const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': retryAfter }
      return enfinitosErrorResponse(429, 'RATE_LIMITED', 'slow down', headers)
    }
    return fetch(input, init)
  }
}

/** Runs `standin verify` for EnfinitOS; `waitsSeen` holds the stderr lines there were when each wait began. */
async function verify(extraArgs: string[], fetchFn: typeof fetch) {
  const out: string[] = []
  const err: string[] = []
  const waitsSeen: string[][] = []
  const code = await verifyCommand(
    ['--provider', 'enfinitos', '--base-url', server.url, '--token', KEY, ...extraArgs],
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    {},
    {
      fetch: fetchFn,
      sleep: async () => {
        waitsSeen.push([...err])
      },
    },
  )
  return { code, out: out.join('\n'), err, waitsSeen }
}

describe('standin verify progress', () => {
  it('says what it waits for before every retry, and prints a line per probe, on stderr', async () => {
    const r = await verify([], limitedFetch('/v1/rights/bases', 2, '7'))
    expect(r.code).toBe(0)
    expect(r.err[0]).toBe(
      `standin verify: probing enfinitos at ${server.url} (read-only probes; one request at a time, --timeout 15 s, --retries 3)`,
    )
    const waitLine =
      /^ {2}GET \/v1\/rights\/bases -> 429, Retry-After: 7; waiting 7 s \(until \d\d:\d\d:\d\d UTC\) before retry (\d) of 3$/
    expect(r.waitsSeen).toHaveLength(2)
    // each wait's line is printed before the wait begins: never a silent wait
    r.waitsSeen.forEach((seen, i) => {
      expect(seen.at(-1)).toMatch(waitLine)
      expect(waitLine.exec(seen.at(-1) as string)?.[1]).toBe(String(i + 1))
    })
    expect(r.err).toContainEqual(
      expect.stringMatching(/^ {2}ok {7}list bases \(GET \/v1\/rights\/bases -> 200, \d+ ms, 3 attempts\)$/),
    )
    expect(r.err.filter((l) => /^ {2}(ok|skipped) /.test(l)).length).toBeGreaterThan(10)
    expect(r.out).toMatch(/^standin verify: enfinitos at /) // the report on stdout, as before
    expect([...r.err, r.out].join('\n')).not.toContain(KEY)
  })

  it('says when the provider asks for longer than the cap, and when it gives no Retry-After', async () => {
    const capped = await verify(['--retries', '1'], limitedFetch('/v1/rights/bases', 1, '86400'))
    expect(capped.waitsSeen[0]?.at(-1)).toMatch(
      /-> 429, Retry-After: 86400 \(more than the 30 s cap\); waiting 30 s \(until .* UTC\) before retry 1 of 1$/,
    )
    const none = await verify(['--retries', '1'], limitedFetch('/v1/rights/bases', 1))
    expect(none.waitsSeen[0]?.at(-1)).toMatch(
      /-> 429, no Retry-After: backing off; waiting 1 s .* before retry 1 of 1$/,
    )
  })

  it('is quiet with --quiet, and keeps --json on stdout parseable', async () => {
    const quiet = await verify(['--quiet', '--json'], limitedFetch('/v1/rights/bases', 1, '1'))
    expect(quiet.err).toEqual([])
    expect(quiet.waitsSeen).toEqual([[]])
    expect(JSON.parse(quiet.out)).toMatchObject({ provider: 'enfinitos', exitCode: 0 })
    const json = await verify(['--json'], limitedFetch('/v1/rights/bases', 0))
    expect(JSON.parse(json.out)).toMatchObject({ exitCode: 0 })
    expect(json.err.length).toBeGreaterThan(1)
  })

  it('prints a probe without an answer with its reason', () => {
    const line = progressLine({
      kind: 'probe',
      ms: 300,
      result: {
        name: 'list challenges',
        operationId: 'listChallenges',
        method: 'GET',
        path: '/v1/challenges',
        status: 0,
        attempts: 1,
        waits: [],
        outcome: 'error',
        note: 'no answer within 300 ms (--timeout)',
        findings: [],
      },
    })
    expect(line).toBe(
      '  INCOMPLETE list challenges (GET /v1/challenges -> no answer, 300 ms): no answer within 300 ms (--timeout)',
    )
  })
})
