// The provider-neutral engine, pinned on a tiny inline contract and a fake provider: routing, security, request
// validation (every violation, each with its path), malformed JSON / content type / size, scenario resolution and
// selection headers, response validation, the journal and the clock. No EnfinitOS or Dedit code is involved.
import { describe, expect, it } from 'vitest'
import { createContract } from '../mocks/core/contract.js'
import { createDerive } from '../mocks/core/derive.js'
import { Engine } from '../mocks/core/engine.js'
import { ContractViolationError } from '../mocks/core/errors.js'
import { redactHeaders } from '../mocks/core/redact.js'
import { type Scenario, ScenarioRegistry } from '../mocks/core/scenarios.js'
import { parseSelection } from '../mocks/core/selection.js'
import type { ErrorInput, MockRequest, Provider } from '../mocks/core/types.js'

const err = (status: number) => ({
  description: String(status),
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      examples: { e: { value: { error: `E${status}`, message: 'example' } } },
    },
  },
})

const contract = createContract('toy', {
  openapi: '3.1.0',
  info: { title: 'toy', version: '1' },
  security: [{ bearer: [] }],
  paths: {
    '/toy/things': {
      post: {
        operationId: 'createThing',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } },
        },
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Thing' },
                examples: { sample: { value: { id: 'thg_0000000000000001', size: 3 } } },
              },
            },
          },
          '400': err(400),
          '401': err(401),
          '413': err(413),
          '415': err(415),
          '429': { ...err(429), headers: { 'Retry-After': { schema: { type: 'integer' }, example: 7 } } },
        },
      },
      get: {
        operationId: 'listThings',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5 } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
            },
          },
          '400': err(400),
          '401': err(401),
        },
      },
    },
    '/toy/things/{thingId}': {
      get: {
        operationId: 'getThing',
        security: [],
        parameters: [
          { name: 'thingId', in: 'path', required: true, schema: { type: 'string', pattern: '^thg_[0-9a-f]{16}$' } },
        ],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          '400': err(400),
          '404': err(404),
        },
      },
    },
  },
  components: {
    schemas: {
      NewThing: {
        type: 'object',
        required: ['size', 'name'],
        additionalProperties: false,
        properties: { size: { type: 'integer', minimum: 0 }, name: { type: 'string', minLength: 1 } },
      },
      Thing: {
        type: 'object',
        required: ['id', 'size'],
        additionalProperties: false,
        properties: { id: { type: 'string', pattern: '^thg_[0-9a-f]{16}$' }, size: { type: 'integer' } },
      },
      Error: {
        type: 'object',
        required: ['error', 'message'],
        properties: { error: { type: 'string' }, message: { type: 'string' }, details: { type: 'array' } },
      },
    },
  },
})

interface ToyState {
  things: { id: string; size: number }[]
}

const toy: Provider<ToyState> = {
  name: 'toy',
  contract,
  baseUrls: ['https://toy.example'],
  pathPrefix: '/toy/',
  error: (e: ErrorInput) => ({
    status: e.status,
    headers: { ...e.headers },
    body: { error: e.code ?? `E${e.status}`, message: e.message, details: e.details ?? [] },
  }),
  authenticate: (token) =>
    token === 'good'
      ? { ok: true, principal: { who: 'tester' } }
      : { ok: false, error: { status: 401, message: 'bad token' } },
  createWorld: ({ derive }) => ({ things: [{ id: `thg_${derive.nextHex('thing')}`, size: 1 }] }),
  createEmptyWorld: () => ({ things: [] }),
  behaviours: {
    createThing: ({ body, state, derive }) => {
      const thing = { id: `thg_${derive.nextHex('thing')}`, size: body.size }
      state.things.push(thing)
      return { status: 200, headers: {}, body: thing }
    },
    listThings: ({ state, query }) => ({
      status: 200,
      headers: {},
      body: state.things.slice(0, (query.limit as number | undefined) ?? 5),
    }),
    getThing: ({ state, params }) => {
      const thing = state.things.find((t) => t.id === params.thingId)
      return thing
        ? { status: 200, headers: {}, body: thing }
        : toy.error({ status: 404, message: `no thing ${params.thingId}` })
    },
  },
}

const scenarios: Scenario[] = [
  {
    name: 'toy:things.create.too-many',
    provider: 'toy',
    description: 'createThing answers 429.',
    operations: {
      createThing: { kind: 'error', error: { status: 429, message: 'slow down', headers: { 'retry-after': '3' } } },
    },
  },
  {
    name: 'toy:flaky',
    provider: 'toy',
    description: 'two 429s then normal.',
    operations: {
      '*': {
        kind: 'sequence',
        steps: [
          { kind: 'error', error: { status: 429, message: 'one' } },
          { kind: 'error', error: { status: 429, message: 'two' } },
        ],
      },
    },
  },
  {
    name: 'toy:lies',
    provider: 'toy',
    description: 'answers a body the contract forbids.',
    operations: { createThing: { kind: 'respond', status: 200, body: { id: 'nope', size: 'big' } } },
  },
  { name: 'toy:empty', provider: 'toy', description: 'no things.', emptyWorld: true, operations: {} },
  {
    name: 'toy:slow-reset',
    provider: 'toy',
    description: 'resets after a delay.',
    operations: { listThings: { kind: 'fault', fault: { kind: 'reset' }, delayMs: 50 } },
  },
]

const engine = new Engine({ providers: [toy], scenarios, maxBodyBytes: 200 })

/** An engine whose listThings behaviour throws (a standin bug, as the engine sees it). */
function throwingEngine(): Engine {
  const listThings = () => {
    throw new Error('boom')
  }
  return new Engine({ providers: [{ ...toy, behaviours: { ...toy.behaviours, listThings } }] })
}
const auth = { authorization: 'Bearer good' }
const json = { 'content-type': 'application/json' }

function send(
  partial: Partial<MockRequest>,
  session = engine.createSession('s', { seed: 1, clock: '2026-04-01T12:00:00.000Z' }),
) {
  return engine.handle({ method: 'GET', path: '/toy/things', query: '', headers: {}, ...partial }, session)
}

describe('routing', () => {
  it('answers an unknown path with the provider 404 envelope and a wrong method with 405 and Allow', async () => {
    const missing = await send({ path: '/toy/nothing', headers: auth })
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ error: 'E404', details: [{ path: '/path' }] })
    const wrong = await send({ method: 'DELETE', path: '/toy/things', headers: auth })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.allow).toBe('GET, POST')
  })

  it('answers a path that belongs to no provider without throwing', async () => {
    const r = await send({ path: '/elsewhere' })
    expect(r.status).toBe(404)
    expect(r.body).toMatchObject({
      error: { code: 'NO_PROVIDER', details: [], providers: [{ name: 'toy', pathPrefix: '/toy/' }] },
    })
  })
})

describe('security', () => {
  it('requires a bearer token on secured operations and lets the provider judge it', async () => {
    expect((await send({})).body).toMatchObject({
      message: 'missing Authorization header',
      details: [{ path: '/header/authorization' }],
    })
    expect((await send({ headers: { authorization: 'Basic abc' } })).status).toBe(401)
    expect((await send({ headers: { authorization: 'Bearer bad' } })).body).toMatchObject({ message: 'bad token' })
    expect((await send({ headers: auth })).status).toBe(200)
  })

  it('skips auth on operations whose security is empty', async () => {
    const r = await send({ path: '/toy/things/thg_0000000000000000' })
    expect(r.status).toBe(404)
  })
})

describe('request validation', () => {
  it('reports every violation with its JSON path, not just the first', async () => {
    const r = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText: '{"size":-1,"extra":true}' })
    expect(r.status).toBe(400)
    const paths = (r.body as { details: { path: string }[] }).details.map((d) => d.path).sort()
    expect(paths).toEqual(['/body/extra', '/body/name', '/body/size'])
  })

  it('coerces and validates query and path parameters', async () => {
    const ok = await send({ query: 'limit=1', headers: auth })
    expect(ok.body).toHaveLength(1)
    const bad = await send({ query: 'limit=9', headers: auth })
    expect(bad.body).toMatchObject({ details: [{ path: '/query/limit', message: 'must be <= 5' }] })
    const text = await send({ query: 'limit=abc', headers: auth })
    expect(text.body).toMatchObject({ details: [{ path: '/query/limit', message: 'must be integer' }] })
    const badId = await send({ path: '/toy/things/xyz' })
    expect(badId.body).toMatchObject({ details: [{ path: '/path/thingId' }] })
  })

  it('gives malformed JSON, a wrong content type, a missing body and an oversized body each their own answer', async () => {
    const malformed = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText: '{"size": 1,\n "name": }' })
    expect(malformed.status).toBe(400)
    expect(malformed.body).toMatchObject({
      error: 'MALFORMED_JSON',
      message: 'request body is not valid JSON: unexpected "}" at line 2, column 10',
    })
    const form = await send({ method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, bodyText: 'size=1' })
    expect(form.status).toBe(415)
    const none = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText: '' })
    expect(none.body).toMatchObject({ details: [{ path: '/body', message: 'a JSON request body is required' }] })
    const big = await send({
      method: 'POST',
      headers: { ...auth, ...json },
      bodyText: JSON.stringify({ size: 1, name: 'x'.repeat(300) }),
    })
    expect(big.status).toBe(413)
  })

  it('never throws on hostile input', async () => {
    for (const bodyText of ['\u0000', '[]', 'null', '"x"', '{"__proto__":{"size":1}}', '9'.repeat(400)]) {
      const r = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText })
      expect([400, 413]).toContain(r.status)
    }
    expect((await send({ path: '/toy/things/%E0%A4%A', headers: auth })).status).toBe(400)
  })
})

describe('scenarios', () => {
  it('lets the first active scenario that covers the operation answer, and reset() undo it', async () => {
    const session = engine.createSession('s', { seed: 1 })
    session.use('toy:things.create.too-many')
    const r = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText: '{"size":1,"name":"a"}' }, session)
    expect(r.status).toBe(429)
    expect(r.headers['retry-after']).toBe('3')
    expect((await send({ headers: auth }, session)).status).toBe(200) // not covered: default behaviour
    session.reset()
    expect(session.activeScenarios()).toEqual([])
  })

  it('plays sequences then falls back to the default behaviour', async () => {
    const session = engine.createSession('s', { seed: 1 })
    session.use('toy:flaky')
    const statuses = []
    const create = { method: 'POST', headers: { ...auth, ...json }, bodyText: '{"size":1,"name":"a"}' }
    for (let i = 0; i < 3; i++) statuses.push((await send(create, session)).status)
    expect(statuses).toEqual([429, 429, 200])
  })

  it('selects per request with Prefer, X-Standin-Scenario and Prism-style code/example', async () => {
    const create = { method: 'POST', bodyText: '{"size":1,"name":"a"}' }
    expect(
      (await send({ ...create, headers: { ...auth, ...json, prefer: 'scenario=toy:things.create.too-many' } })).status,
    ).toBe(429)
    expect(
      (await send({ ...create, headers: { ...auth, ...json, 'x-standin-scenario': 'toy:things.create.too-many' } }))
        .status,
    ).toBe(429)
    const code = await send({ ...create, headers: { ...auth, ...json, prefer: 'code=429' } })
    expect(code.status).toBe(429)
    expect(code.headers['retry-after']).toBe('7')
    const example = await send({ ...create, headers: { ...auth, ...json, prefer: 'example=sample' } })
    expect(example.body).toEqual({ id: 'thg_0000000000000001', size: 3 })
    const undeclared = await send({ ...create, headers: { ...auth, ...json, prefer: 'code=418' } })
    expect(undeclared.status).toBe(400)
  })

  it('answers an unknown scenario name with close matches, naming the header', async () => {
    const r = await send({ headers: { ...auth, prefer: 'scenario=toy:flakey' } })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({
      message: expect.stringContaining('did you mean "toy:flaky"'),
      details: [{ path: '/header/prefer' }],
    })
  })

  it('starts an empty world for an emptyWorld scenario', async () => {
    const session = engine.createSession('s', { seed: 1 })
    session.use('toy:empty')
    expect((await send({ headers: auth }, session)).body).toEqual([])
  })

  it('returns faults and delays as data for the adapter to carry out', async () => {
    const r = await send({ headers: { ...auth, prefer: 'scenario=toy:slow-reset' } })
    expect(r).toMatchObject({ fault: { kind: 'reset' }, delayMs: 50 })
  })

  it('rejects a typo at activation with suggestions', () => {
    const session = engine.createSession('s', { seed: 1 })
    expect(() => session.use('toy:flakyy')).toThrow(/did you mean "toy:flaky"/)
  })
})

describe('response validation', () => {
  it('throws a ContractViolationError naming operation, status and path when a scenario lies', async () => {
    const p = send({
      method: 'POST',
      headers: { ...auth, ...json, prefer: 'scenario=toy:lies' },
      bodyText: '{"size":1,"name":"a"}',
    })
    await expect(p).rejects.toThrow(ContractViolationError)
    await expect(
      send({
        method: 'POST',
        headers: { ...auth, ...json, prefer: 'scenario=toy:lies' },
        bodyText: '{"size":1,"name":"a"}',
      }),
    ).rejects.toThrow(/toy\.createThing with status 200.*\/id must match pattern/)
  })

  it('in report mode answers anyway and records the violation in the journal', async () => {
    const reporting = new Engine({ providers: [toy], scenarios, validateResponses: 'report' })
    const session = reporting.createSession('r', { seed: 1 })
    const r = await reporting.handle(
      {
        method: 'POST',
        path: '/toy/things',
        query: '',
        headers: { ...auth, ...json, prefer: 'scenario=toy:lies' },
        bodyText: '{"size":1,"name":"a"}',
      },
      session,
    )
    expect(r.status).toBe(200)
    expect(session.journal.violations()[0]?.violations.map((v) => v.path)).toEqual(
      expect.arrayContaining(['/id', '/size']),
    )
  })
})

describe('journal, clock and derived values', () => {
  it('journals every exchange with the session time, redacting credentials', async () => {
    const session = engine.createSession('s', { seed: 1, clock: '2026-04-01T12:00:00.000Z' })
    await send({ headers: { authorization: 'Bearer good-and-secret-token' } }, session)
    await send({ headers: auth }, session)
    const [first, second] = session.journal.list()
    expect(first?.at).toBe('2026-04-01T12:00:00.000Z')
    expect(second?.at).toBe('2026-04-01T12:00:01.000Z') // one tick per request
    expect(first?.request.headers.authorization).not.toContain('secret')
    // No character of the secret is kept, only the scheme (issue 11).
    expect(redactHeaders({ authorization: 'Bearer sk_test_0123456789abcdef' }).authorization).toBe('Bearer [redacted]')
  })

  it('bounds the journal', async () => {
    const session = engine.createSession('s', { seed: 1, journalLimit: 3 })
    for (let i = 0; i < 5; i++) await send({ headers: auth }, session)
    expect(session.journal.list().map((e) => e.seq)).toEqual([3, 4, 5])
  })

  it('derives values from (seed, kind, ordinal): kinds do not shift each other, seeds differ', () => {
    const a = createDerive(7)
    const b = createDerive(7)
    a.nextHex('basis')
    expect(a.nextHex('right')).toBe(b.nextHex('right'))
    expect(createDerive(8).nextHex('right')).not.toBe(createDerive(7).nextHex('right'))
    expect(a.int('x', 1, 10, 12)).toBeGreaterThanOrEqual(10)
  })
})

describe('selection header parsing', () => {
  it('reads RFC 7240 Prefer lists and X-Standin-Scenario', () => {
    expect(parseSelection({ prefer: 'code=404, example="missing"; dynamic=true' })).toEqual({
      scenarios: [],
      code: '404',
      example: 'missing',
      dynamic: true,
    })
    expect(parseSelection({ prefer: 'scenario=a', 'x-standin-scenario': 'b, c' }).scenarios).toEqual(['a', 'b', 'c'])
  })

  it('suggests close scenario names', () => {
    const registry = new ScenarioRegistry(scenarios)
    expect(registry.closeMatches('toy:things.create.too-mny')).toEqual(['toy:things.create.too-many'])
  })
})

describe('malformed JSON positions', () => {
  it('agrees with JSON.parse on what is valid, and points at the first bad character', async () => {
    const { firstJsonErrorOffset } = await import('../mocks/core/json-position.js')
    const valid = ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' 0 ', '"x"']
    for (const t of valid) expect(firstJsonErrorOffset(t), t).toBe(-1)
    const invalid: [string, number][] = [
      ['{"a":1,}', 7],
      ['{"a" 1}', 5],
      ['[1,2', 4],
      ['{"a":01}', 6],
      ["{'a':1}", 1],
      ['{"a":"x\ny"}', 7],
      ['{"a":1} x', 8],
      ['', 0],
    ]
    for (const [t, at] of invalid) {
      expect(() => JSON.parse(t), t).toThrow()
      expect(firstJsonErrorOffset(t), t).toBe(at)
    }
  })
})

describe('hostile and odd input (review findings)', () => {
  it('treats __proto__ and constructor as plain query names (unknown ones, so a 400 naming them)', async () => {
    const session = engine.createSession('s', { seed: 1, clock: '2026-04-01T12:00:00.000Z' })
    const r = await send({ query: '__proto__=x&constructor=y&limit=2', headers: auth }, session)
    expect(r.status).toBe(400)
    const paths = (r.body as { details: { path: string }[] }).details.map((d) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['/query/__proto__', '/query/constructor']))
    const query = session.journal.list()[0]?.request.query as Record<string, unknown>
    expect(query.constructor).toBe('y')
    expect(Object.getPrototypeOf(query)).toBeNull()
    expect(() => JSON.stringify(session.journal.list())).not.toThrow()
  })

  it('lists at most 50 violations, then says how many more', async () => {
    const body = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`extra${i}`, i]))
    const roomy = new Engine({ providers: [toy] })
    const r = await roomy.handle(
      { method: 'POST', path: '/toy/things', query: '', headers: { ...auth, ...json }, bodyText: JSON.stringify(body) },
      roomy.createSession('s', { seed: 1 }),
    )
    const details = (r.body as { details: { path: string; message: string }[] }).details
    expect(details).toHaveLength(51)
    expect(details.at(-1)).toEqual({
      path: expect.stringMatching(/^\/body\/extra\d+$/),
      message: 'and 252 more violations from here on',
    })
  })

  it('refuses bodies nested deeper than 64 levels, valid or not, without a stack overflow', async () => {
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`
    const r = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText: deep })
    expect(r.body).toMatchObject({ details: [{ path: '/body', message: 'must not nest deeper than 64 levels' }] })
    const absurd = '{"a":'.repeat(12_000)
    const m = await send({ method: 'POST', headers: { ...auth, ...json }, bodyText: absurd.slice(0, 190) })
    expect(m.status).toBe(400)
  })

  it('refuses a huge array before validating it (one small request must not take minutes)', async () => {
    const roomy = new Engine({ providers: [toy] })
    const r = await roomy.handle(
      {
        method: 'POST',
        path: '/toy/things',
        query: '',
        headers: { ...auth, ...json },
        bodyText: JSON.stringify({ size: 1, name: Array(120_000).fill('x') }),
      },
      roomy.createSession('s', { seed: 1 }),
    )
    expect(r.body).toMatchObject({
      details: [{ path: '/body/name', message: 'has 120000 items; standin accepts at most 1000 in one array' }],
    })
  })

  it('never references live state from the journal', async () => {
    const session = engine.createSession('s', { seed: 1, clock: '2026-04-01T12:00:00.000Z' })
    await send({ headers: auth }, session)
    const listed = session.journal.list()[0]?.response.body as { size: number }[]
    ;(listed[0] as { size: number }).size = 999
    const again = await send({ headers: auth }, session)
    expect((again.body as { size: number }[])[0]?.size).toBe(1)
  })

  it('redacts the secret body fields a provider declares', async () => {
    const secretive = new Engine({ providers: [{ ...toy, journalSecrets: { request: ['/name'], response: ['/id'] } }] })
    const session = secretive.createSession('s', { seed: 1 })
    await secretive.handle(
      {
        method: 'POST',
        path: '/toy/things',
        query: '',
        headers: { ...auth, ...json },
        bodyText: '{"size":1,"name":"hunter2"}',
      },
      session,
    )
    const [entry] = session.journal.list()
    expect(entry?.request.body).toEqual({ size: 1, name: '[redacted]' })
    expect(entry?.response.body).toEqual({ id: '[redacted]', size: 1 })
  })

  it('bounds the journal by bytes as well as by entries', async () => {
    const session = engine.createSession('s', { seed: 1 })
    const small = new (session.journal.constructor as typeof import('../mocks/core/journal.js').Journal)(1000, 200)
    for (let i = 0; i < 10; i++) {
      small.record({
        at: 'x',
        provider: 'toy',
        operationId: 'listThings',
        request: { method: 'GET', path: '/toy/things', query: '', headers: {} },
        response: { status: 200, headers: {}, bodyText: JSON.stringify({ pad: 'x'.repeat(80) }) },
        scenario: null,
        violations: [],
      })
    }
    expect(small.list().length).toBeLessThanOrEqual(2)
  })

  it('answers a Prism code= the operation does not declare with a selection error, never a thrown violation', async () => {
    const r = await send({ path: '/toy/things/thg_0000000000000000', headers: { prefer: 'code=599' } })
    expect(r.status).toBe(400)
    expect(r.headers['x-standin-error']).toBe('selection')
    const unknown = await send({ path: '/toy/things/thg_0000000000000000', headers: { 'x-standin-scenario': 'nope' } })
    expect(unknown.body).toMatchObject({ details: [{ path: '/header/x-standin-scenario' }] })
  })

  it('refuses an empty-world scenario per request (it replaces the world), naming how to activate it', async () => {
    const r = await send({ headers: { ...auth, prefer: 'scenario=toy:empty' } })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ message: expect.stringContaining('activate it for the session') })
  })

  it("honours Prism's dynamic=true: the stateful default answers even when a session scenario covers the call", async () => {
    const session = engine.createSession('s', { seed: 1 })
    session.use('toy:flaky')
    expect(
      (
        await send(
          { headers: { ...auth, prefer: 'dynamic=true' }, method: 'POST', bodyText: '{"size":1,"name":"a"}' },
          session,
        )
      ).status,
    ).toBe(415)
    expect(
      (
        await send(
          { headers: { ...auth, ...json, prefer: 'dynamic=true' }, method: 'POST', bodyText: '{"size":1,"name":"a"}' },
          session,
        )
      ).status,
    ).toBe(200)
  })

  it('suggests nothing for an absurdly long scenario name, quickly', () => {
    const registry = new ScenarioRegistry(scenarios)
    expect(registry.closeMatches('x'.repeat(64 * 1024))).toEqual([])
  })
})

describe('clocks', () => {
  it('a fixed clock ticks per routed request; a miss does not move it', async () => {
    const session = engine.createSession('s', { seed: 1, clock: '2026-04-01T12:00:00.000Z' })
    await send({ path: '/toy/nowhere', headers: auth }, session)
    expect(session.clock.iso()).toBe('2026-04-01T12:00:00.000Z')
    await send({ headers: auth }, session)
    expect(session.clock.iso()).toBe('2026-04-01T12:00:01.000Z')
  })

  it('without a start instant the clock is live: it follows the wall clock and ignores ticks', async () => {
    const session = engine.createSession('s', { seed: 1 })
    expect(session.clock.mode).toBe('live')
    const before = Date.now()
    for (let i = 0; i < 5; i++) await send({ headers: auth }, session)
    expect(Math.abs(session.clock.nowMs() - Date.now())).toBeLessThan(1000)
    session.clock.advance(36_000_000)
    expect(session.clock.nowMs() - before).toBeGreaterThanOrEqual(36_000_000)
  })
})

describe('what answered travels with the answer (FinalResponse), so nothing reads the journal back', () => {
  it('carries the operation and the scenario that answered, or null for the default behaviour', async () => {
    expect(await send({ headers: auth })).toMatchObject({ operationId: 'listThings', scenario: null, violations: [] })
    const scenario = await send({
      method: 'POST',
      headers: { ...auth, ...json, prefer: 'scenario=toy:things.create.too-many' },
      bodyText: '{"size":1,"name":"a"}',
    })
    expect(scenario).toMatchObject({ status: 429, operationId: 'createThing', scenario: 'toy:things.create.too-many' })
    const example = await send({
      method: 'POST',
      headers: { ...auth, ...json, prefer: 'code=200' },
      bodyText: '{"size":1,"name":"a"}',
    })
    expect(example).toMatchObject({ status: 200, operationId: 'createThing', scenario: 'prefer:code=200' })
  })

  it('carries null for a route miss and a path no provider serves', async () => {
    expect(await send({ path: '/toy/nothing', headers: auth })).toMatchObject({ operationId: null, scenario: null })
    expect(await send({ path: '/elsewhere' })).toMatchObject({ operationId: null, scenario: null })
  })

  it('carries the same facts the journal records, violations included (report mode)', async () => {
    const reporting = new Engine({ providers: [toy], scenarios, validateResponses: 'report' })
    const session = reporting.createSession('r', { seed: 1 })
    const final = await reporting.handle(
      {
        method: 'POST',
        path: '/toy/things',
        query: '',
        headers: { ...auth, ...json, prefer: 'scenario=toy:lies' },
        bodyText: '{"size":1,"name":"a"}',
      },
      session,
    )
    const entry = session.journal.last()
    expect(final.status).toBe(200)
    expect(final.failure).toBeUndefined()
    expect(final.violations.length).toBeGreaterThan(0)
    expect({ operationId: final.operationId, scenario: final.scenario, violations: final.violations }).toEqual({
      operationId: entry?.operationId,
      scenario: entry?.scenario,
      violations: entry?.violations,
    })
  })

  it('names the failure it answers when a behaviour throws (answer never throws it)', async () => {
    const throwing = throwingEngine()
    const final = await throwing.answer(
      { method: 'GET', path: '/toy/things', query: '', headers: auth },
      throwing.createSession('t', { seed: 1 }),
    )
    expect(final).toMatchObject({
      status: 500,
      operationId: 'listThings',
      scenario: null,
      failure: 'standin internal error in listThings: boom',
      violations: [{ path: '/', keyword: 'exception', message: 'boom' }],
    })
    expect(final.headers['x-standin-violation']).toBe('1')
  })
})

describe('selection errors are answers, not exceptions', () => {
  it('answers an unknown scenario per request with 400 naming the header, in throw mode too', async () => {
    const r = await send({ headers: { ...auth, prefer: 'scenario=toy:flakyy' } })
    expect(r.status).toBe(400)
    expect(r.headers['x-standin-error']).toBe('selection')
    expect(r.body).toMatchObject({
      message: expect.stringContaining('did you mean "toy:flaky"'),
      details: [{ path: '/header/prefer' }],
    })
  })
})

describe('answerNow: the answer at once when nothing waits, the same answer as answer()', () => {
  const start = '2026-04-01T12:00:00.000Z'
  const session = (id: string) => engine.createSession(id, { seed: 1, clock: start })
  const list = { method: 'GET', path: '/toy/things', query: '', headers: auth }

  it('hands a synchronous behaviour answer over without a promise, byte for byte what answer() gives', async () => {
    const [a, b] = [session('now-a'), session('now-b')]
    const now = engine.answerNow(list, a)
    expect(now).not.toBeInstanceOf(Promise)
    const later = await engine.answer(list, b)
    expect(now).toEqual(later)
    expect(a.journal.list().map((e) => e.response.body)).toEqual(b.journal.list().map((e) => e.response.body))
    expect(a.clock.iso()).toBe(b.clock.iso())
    expect(a.clock.iso()).not.toBe(start) // the routed request moved the clock
  })

  it('answers with a promise when a scenario is chosen, and a missed route at once without moving the clock', async () => {
    const s = session('now-c')
    const chosen = engine.answerNow({ ...list, headers: { ...auth, prefer: 'scenario=toy:slow-reset' } }, s)
    expect(chosen).toBeInstanceOf(Promise)
    expect(await chosen).toMatchObject({ fault: { kind: 'reset' }, delayMs: 50, scenario: 'toy:slow-reset' })
    const before = s.clock.iso()
    const miss = engine.answerNow({ ...list, path: '/toy/nowhere' }, s)
    expect(miss).toMatchObject({ status: 404 })
    expect(s.clock.iso()).toBe(before)
  })

  it('answers a behaviour that throws at once, as a journaled 500, the clock moved', () => {
    const throwing = throwingEngine()
    const s = throwing.createSession('now-d', { seed: 1, clock: start })
    const final = throwing.answerNow(list, s)
    expect(final).not.toBeInstanceOf(Promise)
    expect(final).toMatchObject({ status: 500, failure: 'standin internal error in listThings: boom' })
    expect(s.journal.last()?.response.status).toBe(500)
    expect(s.clock.iso()).not.toBe(start)
    // handle() in throw mode rejects with the failure (never throws before returning its promise).
    let handled: Promise<unknown> | undefined
    expect(() => {
      handled = throwing.handle(list, throwing.createSession('now-e', { seed: 1 }))
    }).not.toThrow()
    return expect(handled).rejects.toThrow('boom')
  })
})
