// defineScenario at run time: a misspelled provider or operationId (and an undeclared status, a missing example, a
// malformed step) throws a ScenarioDefinitionError naming the close matches, as does any scenario handed to an engine
// (createStandin's extraScenarios, the HTTP server's engine); sequences answer call by call, per session and operation,
// start again on reset(), and give the same bytes through standin.fetch, MSW and the HTTP server.
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScenarioDefinitionError, UnknownScenarioError } from '../mocks/core/errors.js'
import type { Scenario } from '../mocks/core/scenarios.js'
import {
  defineScenario,
  delay,
  fault,
  MAX_SEQUENCE_CALLS,
  providerError,
  sequence,
  specExample,
  times,
} from '../mocks/define-scenario.js'
import { startServer } from '../mocks/server.js'
import { createStandin, type Standin } from '../mocks/standin.js'
import { createEngine } from './helpers/engine.js'

const SESSION = { seed: 3, clock: '2026-04-01T12:00:00.000Z' }
const AUTH = { authorization: 'Bearer sk_test_0123456789abcdef' }
const API = 'https://sandbox.api.enfinitos.com'

/** Calls `define` and returns the ScenarioDefinitionError it throws. */
function definitionError(define: () => unknown): ScenarioDefinitionError {
  try {
    define()
  } catch (err) {
    if (err instanceof ScenarioDefinitionError) return err
    throw err
  }
  throw new Error('expected a ScenarioDefinitionError, nothing was thrown')
}

const busyThenOk = defineScenario({
  name: 'team:rights.list.busy-then-ok',
  provider: 'enfinitos',
  description: 'listRights answers 429 (Retry-After: 1) twice, then behaves normally.',
  responses: {
    listRights: sequence([
      times(2, providerError({ status: 429, message: 'slow down', headers: { 'Retry-After': '1' } })),
      'default',
    ]),
  },
})

describe('defineScenario rejects at run time', () => {
  // Casts stand for JavaScript callers and for types bypassed: the compile-time checks are in the .test-d.ts file.
  type Loose = Parameters<typeof defineScenario>[0]
  const define = (definition: Record<string, unknown>) => defineScenario(definition as unknown as Loose)
  const base = { name: 'team:x', provider: 'enfinitos', description: 'x' }

  it('a misspelled operationId, naming the close match', () => {
    const err = definitionError(() => define({ ...base, responses: { issueRigth: 'default' } }))
    expect(err).toMatchObject({ field: 'operation', value: 'issueRigth', scenario: 'team:x' })
    expect(err.suggestions[0]).toBe('issueRight')
    expect(err.message).toContain('enfinitos has no operation "issueRigth"; did you mean "issueRight"')
  })

  it('a misspelled provider, naming the close match', () => {
    const err = definitionError(() => define({ ...base, provider: 'enfinitso', responses: {} }))
    expect(err).toMatchObject({ field: 'provider', value: 'enfinitso', suggestions: ['enfinitos'] })
    expect(err.message).toContain('did you mean "enfinitos"?')
  })

  it('a status the operation does not declare, listing the declared ones', () => {
    const err = definitionError(() =>
      define({ ...base, responses: { issueRight: providerError({ status: 418, message: 'teapot' }) } }),
    )
    expect(err).toMatchObject({ field: 'status', value: '418' })
    expect(err.message).toMatch(/issueRight declares no 418 \(declared: 200, 400, .*429/)
  })

  it("an error status '*' cannot answer because some operations do not declare it", () => {
    const err = definitionError(() =>
      define({ ...base, responses: { '*': providerError({ status: 404, message: 'x' }) } }),
    )
    expect(err.message).toMatch(/not every enfinitos operation declares 404 \(.+ do not\)/)
  })

  it('a spec example that does not exist', () => {
    const err = definitionError(() =>
      define({ ...base, responses: { listRights: specExample(200, 'no-such-example') } }),
    )
    expect(err.field).toBe('step')
    expect(err.message).toContain('no-such-example')
  })

  it('malformed sequences and steps', () => {
    expect(definitionError(() => define({ ...base, responses: { listRights: sequence([]) } })).message).toContain(
      'a sequence needs steps',
    )
    expect(
      definitionError(() => define({ ...base, responses: { listRights: sequence([times(0, 'default')]) } })).message,
    ).toContain('times() takes a whole number of calls')
    const tooMany = sequence([times(MAX_SEQUENCE_CALLS, 'default'), 'default'])
    expect(definitionError(() => define({ ...base, responses: { listRights: tooMany } })).message).toContain(
      `at most ${MAX_SEQUENCE_CALLS} calls`,
    )
    expect(
      definitionError(() => define({ ...base, responses: { listRights: sequence([sequence(['default'])]) } })).message,
    ).toContain('a sequence cannot hold a sequence')
    expect(definitionError(() => define({ ...base, responses: { listRights: 'defualt' } })).message).toContain(
      'listRights: not a step',
    )
  })

  it('a name that selection headers could not carry', () => {
    const err = definitionError(() => define({ ...base, name: 'team:busy, then ok', responses: {} }))
    expect(err).toMatchObject({ field: 'name' })
  })
})

describe('every scenario an engine registers is checked (not only defineScenario)', () => {
  const raw = (over: Partial<Scenario>): Scenario => ({
    name: 'team:raw',
    description: 'x',
    provider: 'enfinitos',
    operations: { listRights: { kind: 'default' } },
    ...over,
  })

  it('createStandin({ extraScenarios }) refuses a misspelled operationId', () => {
    const typo = raw({ operations: { listRigths: { kind: 'error', error: { status: 429, message: 'x' } } } })
    const err = definitionError(() => createStandin({ extraScenarios: [typo] }))
    expect(err).toMatchObject({ field: 'operation', value: 'listRigths' })
    expect(err.suggestions).toContain('listRights')
  })

  it('createStandin({ extraScenarios }) refuses a misspelled provider', () => {
    const err = definitionError(() => createStandin({ extraScenarios: [raw({ provider: 'Enfinitos' })] }))
    expect(err).toMatchObject({ field: 'provider', suggestions: ['enfinitos'] })
  })

  it('sets aside a scenario of a provider the sandbox does not serve, and selecting it says so', async () => {
    const dedit = createStandin({ providers: ['dedit'], extraScenarios: [busyThenOk] })
    expect(dedit.catalogue().map((s) => s.name)).not.toContain(busyThenOk.name)
    const why = 'scenario "team:rights.list.busy-then-ok" is for enfinitos, which is not served here (served: dedit)'
    expect(() => dedit.use(busyThenOk.name)).toThrow(new UnknownScenarioError(busyThenOk.name, [], why))
    const res = await dedit.fetch('/api/v2/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standin-scenario': busyThenOk.name },
      body: JSON.stringify({ apiKey: 'dk_live_7f3c9a1e52b84d0c9e6a2f71b8d4c3e0' }),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ message: why })
  })

  it('the engine behind the HTTP server refuses the same, and a name defined twice', () => {
    expect(() =>
      createEngine({ extraScenarios: [raw({ operations: { '*': { kind: 'default' }, nope: { kind: 'default' } } })] }),
    ).toThrow(ScenarioDefinitionError)
    expect(() => createEngine({ extraScenarios: [busyThenOk, busyThenOk] })).toThrow(/is defined twice/)
    expect(() =>
      createEngine({ extraScenarios: [raw({ operations: { listRights: { kind: 'sequence', steps: [] } } })] }),
    ).toThrow(/a sequence needs steps/)
  })
})

/** One GET /v1/rights through `send`: status, retry-after and body text. */
type Send = (path: string) => Promise<Response>
async function seen(send: Send, path = '/v1/rights') {
  const res = await send(path)
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() }
}

describe('sequences', () => {
  const fresh = (extra: Scenario[] = [busyThenOk]) => createStandin({ ...SESSION, extraScenarios: extra })
  const via =
    (standin: Standin): Send =>
    (path) =>
      standin.fetch(path, { headers: AUTH })

  it('answer 429 with Retry-After twice, then the default, and start again on reset()', async () => {
    const standin = fresh()
    standin.use('team:rights.list.busy-then-ok')
    const send = via(standin)
    const calls = [await seen(send), await seen(send), await seen(send), await seen(send)]
    expect(calls.map((c) => c.status)).toEqual([429, 429, 200, 200])
    expect(calls[0]?.retryAfter).toBe('1')
    expect(JSON.parse(calls[0]?.text ?? '')).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', message: 'slow down' },
    })
    standin.reset()
    standin.use('team:rights.list.busy-then-ok')
    expect((await seen(send)).status).toBe(429)
  })

  it('count per session: two sandboxes do not share a sequence', async () => {
    const a = fresh()
    const b = fresh()
    a.use(busyThenOk.name)
    b.use(busyThenOk.name)
    await seen(via(a))
    await seen(via(a))
    expect((await seen(via(a))).status).toBe(200)
    expect((await seen(via(b))).status).toBe(429)
  })

  it("afterLast: 'repeat-last' keeps the last step, 'cycle' starts over", async () => {
    const ok = (n: number) => ({ status: 503 as const, message: `down ${n}` })
    const repeat = defineScenario({
      name: 'team:keys.repeat',
      provider: 'enfinitos',
      description: 'x',
      responses: { getRuntimeKeys: sequence(['default', providerError(ok(1))], { afterLast: 'repeat-last' }) },
    })
    const cycle = defineScenario({
      name: 'team:keys.cycle',
      provider: 'enfinitos',
      description: 'x',
      responses: { getRuntimeKeys: sequence([providerError(ok(1)), 'default'], { afterLast: 'cycle' }) },
    })
    const standin = fresh([repeat, cycle])
    const send = via(standin)
    const statuses = async () => {
      const out: number[] = []
      for (let i = 0; i < 5; i++) out.push((await seen(send, '/v1/runtime-keys')).status)
      return out
    }
    standin.use(repeat.name)
    expect(await statuses()).toEqual([200, 503, 503, 503, 503])
    standin.reset()
    standin.use(cycle.name)
    expect(await statuses()).toEqual([503, 200, 503, 200, 503])
  })

  it('serve typed replies, spec examples, faults and custom code that reads next()', async () => {
    const standin = fresh([
      defineScenario({
        name: 'team:mixed',
        provider: 'enfinitos',
        description: 'x',
        responses: {
          listRights: sequence([specExample(429), fault('network-error')]),
          getRuntimeKeys: async (_call, next) => {
            const answer = await next()
            if (answer.status !== 200 || !answer.body || !('data' in answer.body)) return answer
            return { status: 200, body: { ...answer.body, data: { ...answer.body.data, keys: [] } } }
          },
        },
      }),
    ])
    standin.use('team:mixed')
    const send = via(standin)
    expect((await seen(send)).status).toBe(429)
    await expect(send('/v1/rights')).rejects.toThrow(TypeError)
    const keys = JSON.parse((await seen(send, '/v1/runtime-keys')).text)
    expect(keys).toMatchObject({ ok: true, data: { keys: [] } })
  })

  it('a delay is reported to the adapter, on top of the step it wraps', async () => {
    const engine = createEngine({
      providers: ['enfinitos'],
      extraScenarios: [
        defineScenario({
          name: 'team:slow-then-fail',
          provider: 'enfinitos',
          description: 'x',
          responses: {
            getRuntimeKeys: sequence([delay(250), delay(100, providerError({ status: 503, message: 'x' }))]),
          },
        }),
      ],
    })
    const session = engine.createSession('s', { ...SESSION, scenarios: ['team:slow-then-fail'] })
    const request = { method: 'GET', path: '/v1/runtime-keys', query: '', headers: {} }
    const first = await engine.handle(request, session)
    const second = await engine.handle(request, session)
    expect([first.status, first.delayMs, second.status, second.delayMs]).toEqual([200, 250, 503, 100])
  })

  it('serve a copy of a written-out body: editing the object afterwards changes nothing', async () => {
    const body = {
      ok: false as const,
      error: { code: 'RATE_LIMITED' as const, message: 'first', details: [] },
      contractVersion: 'v1.0' as const,
    }
    const scenario = defineScenario({
      name: 'team:copy',
      provider: 'enfinitos',
      description: 'x',
      responses: { getRuntimeKeys: { status: 429, body } },
    })
    body.error.message = 'edited'
    const standin = fresh([scenario])
    standin.use('team:copy')
    expect(JSON.parse((await seen(via(standin), '/v1/runtime-keys')).text).error.message).toBe('first')
  })
})

describe('a sequence gives the same bytes through standin.fetch, MSW and the HTTP server', () => {
  const scenarioHeader = { 'x-standin-scenario': busyThenOk.name }
  const msw = createStandin({ ...SESSION, extraScenarios: [busyThenOk] })
  const mswServer = setupServer(...msw.handlers())
  let http: Awaited<ReturnType<typeof startServer>> | undefined
  beforeAll(async () => {
    // The HTTP server's loopback requests go through; anything else MSW does not handle is an error.
    mswServer.listen({
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).hostname !== '127.0.0.1') print.error()
      },
    })
    http = await startServer(createEngine({ extraScenarios: [busyThenOk] }), {
      host: '127.0.0.1',
      port: 0,
      session: SESSION,
    })
  })
  afterAll(async () => {
    mswServer.close()
    await http?.close()
  })

  const threeCalls = async (send: Send) => [await seen(send), await seen(send), await seen(send)]

  it('429, 429, then the seeded list, byte for byte', async () => {
    const fetched = createStandin({ ...SESSION, extraScenarios: [busyThenOk] })
    const viaFetch = await threeCalls((p) => fetched.fetch(p, { headers: { ...AUTH, ...scenarioHeader } }))
    const viaMsw = await threeCalls((p) => fetch(`${API}${p}`, { headers: { ...AUTH, ...scenarioHeader } }))
    const session = { 'x-standin-session': 'define-scenario' }
    const viaHttp = await threeCalls((p) =>
      fetch(`${http?.url}${p}`, { headers: { ...AUTH, ...scenarioHeader, ...session } }),
    )
    expect(viaFetch.map((c) => c.status)).toEqual([429, 429, 200])
    expect(viaMsw).toEqual(viaFetch)
    expect(viaHttp).toEqual(viaFetch)
  })
})
