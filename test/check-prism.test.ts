// `standin check --prism`: the matrix replayed over HTTP through Stoplight Prism's validating proxy (one per spec,
// `prism proxy --errors`), Prism's verdicts as the findings. One run serves every assertion (Prism starts in seconds).
import { beforeAll, describe, expect, it } from 'vitest'
import { type CheckOptions, runCheck } from '../mocks/check/command.js'
import { DEFAULT_GROUP } from '../mocks/check/matrix.js'
import { prismFindings, prismProxyArgs } from '../mocks/check/prism-proxy.js'
import { type CheckReport, renderHuman } from '../mocks/check/report.js'
import type { Scenario } from '../mocks/core/scenarios.js'

const body = (res: { body?: unknown }) => res.body as Record<string, unknown> & { data: Record<string, unknown> }

/** Broken on purpose, each one way; the last one is a violation Prism 5.14 cannot see. */
const BROKEN: Scenario[] = [
  {
    name: 'test:undeclared-status',
    provider: 'enfinitos',
    description: 'getRuntimeKeys answers 299',
    operations: {
      getRuntimeKeys: { kind: 'respond', status: 299, body: { ok: true, data: {}, contractVersion: 'v1.0' } },
    },
  },
  {
    name: 'test:wrong-type',
    provider: 'enfinitos',
    description: 'the first basis listed has a numeric description',
    operations: {
      listBases: {
        kind: 'custom',
        run: async (_call, next) => {
          const res = await next()
          const [first] = body(res).data.bases as { description: unknown }[]
          if (first) first.description = 5
          return res
        },
      },
    },
  },
  {
    name: 'test:no-retry-after',
    provider: 'dedit',
    description: 'a 429 without Retry-After',
    operations: {
      login: {
        kind: 'respond',
        status: 429,
        body: { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
      },
    },
  },
  {
    name: 'test:extra-top-level-key',
    provider: 'enfinitos',
    description: 'an undocumented key beside ok/data/contractVersion',
    operations: {
      listBases: {
        kind: 'custom',
        run: async (_call, next) => {
          const res = await next()
          body(res).requestId = 'req_1'
          return res
        },
      },
    },
  },
]

let report: CheckReport

beforeAll(async () => {
  const options: CheckOptions = { repoChecks: 'skip', prism: true, extraScenarios: BROKEN }
  report = await runCheck(options)
}, 180_000)

const prismRows = () => report.rows.filter((r) => r.via === 'prism')
const isTest = (scenario: string) => scenario.startsWith('test:')

describe('standin check --prism', () => {
  it('replays the whole matrix through Prism, and Prism finds nothing on main', () => {
    const prism = prismRows().filter((r) => !isTest(r.scenario))
    const engine = report.rows.filter((r) => r.via === 'engine' && !isTest(r.scenario))
    expect(prism.length).toBe(engine.length)
    expect(
      prism.filter((r) => r.result === 'fail').map((r) => `${r.scenario} ${r.operationId}: ${r.findings[0]?.message}`),
    ).toEqual([])
    expect(prism.filter((r) => r.scenario === DEFAULT_GROUP && r.result === 'pass')).toHaveLength(31)
    expect(report.prism?.version).toBe('5.14.2')
  })

  it('selects scenarios with X-Standin-Scenario, which Prism forwards untouched', () => {
    const rateLimited = prismRows().filter((r) => r.scenario === 'enfinitos:rate-limited')
    expect(rateLimited).toHaveLength(25)
    expect(new Set(rateLimited.flatMap((r) => r.statuses))).toEqual(new Set([429]))
    const cancelled = prismRows().find((r) => r.scenario === 'dedit:subscriptions.get.cancelled')
    expect(cancelled).toMatchObject({ statuses: [200], result: 'pass' })
  })

  it('skips faults and delays, and says so', () => {
    const skipped = prismRows().filter((r) => r.result === 'skip')
    expect(new Set(skipped.map((r) => r.note?.split(':')[0]))).toEqual(
      new Set(['fault network-error', 'fault reset', 'fault timeout', 'fault truncated-body', 'delay 2000 ms']),
    )
    expect(skipped.every((r) => r.note?.endsWith('faults and delays cannot go through a proxy meaningfully'))).toBe(
      true,
    )
    expect(renderHuman(report)).toMatch(
      /note: \d+ rows not replayed through Prism: faults \(network error, reset, timeout, truncated body\) and delays cannot go through a proxy meaningfully/,
    )
  })

  it("fails on Prism's violations with Prism's own message", () => {
    const failed = Object.fromEntries(
      prismRows()
        .filter((r) => r.result === 'fail')
        .map((r) => [r.scenario, r.findings.map((f) => `${f.status} ${f.path}: ${f.message}`)]),
    )
    const answered =
      '500 /: Prism answered 500 Request/Response not valid: Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.'
    expect(failed).toEqual({
      'test:undeclared-status': [
        '500 response: Prism Error: Unable to match the returned status code with those defined in the document: 200,400,429,500,503',
        answered,
      ],
      'test:wrong-type': [
        '500 response /data/bases/0/description: Prism Error [type]: Response body property data.bases.0.description must be string',
        answered,
      ],
      'test:no-retry-after': [
        "500 response.header: Prism Error [required]: Response header must have required property 'retry-after'",
        answered,
      ],
    })
  })

  it('knows where Prism is blind: unevaluatedProperties (JSON Schema 2019-09/2020-12) is not enforced by Prism 5.14', () => {
    // EnfinitOS success bodies are `allOf: [SuccessEnvelope, {data}]` + `unevaluatedProperties: false`: an extra
    // top-level key breaks the contract. standin's ajv (2020-12) sees it; Prism lets it through.
    const engine = report.rows.find((r) => r.via === 'engine' && r.scenario === 'test:extra-top-level-key')
    const prism = prismRows().find((r) => r.scenario === 'test:extra-top-level-key')
    expect(engine?.findings.map((f) => `${f.path}: ${f.message}`)).toEqual(['/requestId: is not an allowed property'])
    expect(prism).toMatchObject({ result: 'pass', statuses: [200] })
  })
})

describe('Prism proxy plumbing', () => {
  it('runs `prism proxy <spec> <upstream> --errors -p <port> -h <host>`', () => {
    expect(prismProxyArgs({ spec: 'openapi/dedit.yaml', upstream: 'http://127.0.0.1:4010' })).toEqual([
      'proxy',
      'openapi/dedit.yaml',
      'http://127.0.0.1:4010',
      '--errors',
      '-p',
      '0',
      '-h',
      '127.0.0.1',
    ])
  })

  it("reads Prism's sl-violations header and its own problem+json, each violation once", () => {
    const violations = [
      { location: ['response', 'body', 'data', 'id'], severity: 'Error', code: 'type', message: 'must be string' },
    ]
    const findings = prismFindings('enfinitos', 'getRight', {
      status: 500,
      headers: { 'content-type': 'application/problem+json', 'sl-violations': JSON.stringify(violations) },
      bodyText: JSON.stringify({
        type: 'https://stoplight.io/prism/errors#VIOLATIONS',
        title: 'Request/Response not valid',
        detail: 'invalid',
        validation: violations,
      }),
    })
    expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual([
      'response /data/id: Prism Error [type]: must be string',
      '/: Prism answered 500 Request/Response not valid: invalid',
    ])
    // a forwarded answer from standin is not Prism's, even with problem-like content
    expect(
      prismFindings('dedit', 'login', { status: 400, headers: { 'content-type': 'application/json' }, bodyText: '{}' }),
    ).toEqual([])
  })
})
