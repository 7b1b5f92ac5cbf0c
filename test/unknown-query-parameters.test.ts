// A query parameter the operation does not declare is refused with a 400 in the provider's envelope naming it (and the
// names the operation knows), never ignored: `?stauts=ACTIVE` used to answer an unfiltered list. Every runtime (the
// engine, MSW, standin.fetch, the HTTP server) gives the same bytes; declared parameters still work.
import { describe, expect, it } from 'vitest'
import {
  type Connection,
  engineRuntime,
  fetchRuntime,
  httpRuntime,
  mswRuntime,
  type Outcome,
  type Recorded,
} from './conformance/runtimes.js'
import { sampleFor } from './conformance/samples.js'
import type { ScriptRequest } from './helpers/script.js'

const RUNTIMES = [engineRuntime(), mswRuntime(), fetchRuntime(), httpRuntime()]

/**
 * The operation's sample, reached in a fresh session of each runtime, sent with `query`: `&...` adds to the sample's
 * own query, `?...` replaces it. Each runtime runs alone (MSW intercepts every fetch of the process while it runs).
 */
async function sendEverywhere(
  provider: ScriptRequest['provider'],
  operationId: string,
  query: string,
): Promise<{ runtime: string; outcome: Outcome; recorded: Recorded | undefined }[]> {
  const out = []
  for (const runtime of RUNTIMES) {
    await runtime.start()
    try {
      const connection = await runtime.open([])
      const sample = await sampleFor(provider, operationId, (req) => sendOk(connection, req))
      const path = query.startsWith('&') ? `${sample.path}${query}` : `${sample.path.split('?')[0]}${query}`
      const outcome = await connection.send({ ...sample, path })
      out.push({ runtime: runtime.name, outcome, recorded: await connection.last() })
    } finally {
      await runtime.stop()
    }
  }
  return out
}

async function sendOk(connection: Connection, req: ScriptRequest) {
  const outcome = await connection.send(req)
  if (outcome.kind !== 'answer') throw new Error(`${req.operationId}: no answer`)
  return { status: outcome.status, body: outcome.body ?? null, text: outcome.text }
}

const answerOf = (outcome: Outcome) => {
  if (outcome.kind !== 'answer') throw new Error(`no answer: ${JSON.stringify(outcome)}`)
  return outcome
}

describe('unknown query parameters', () => {
  it('a misspelt filter is a 400 naming it and the known names, alike in every runtime', async () => {
    const answers = await sendEverywhere('enfinitos', 'listRights', '?stauts=ACTIVE&limit=2')
    const first = answerOf(answers[0]?.outcome as Outcome)
    expect(first.status).toBe(400)
    expect(first.body.ok).toBe(false)
    expect(first.body.error.code).toBe('VALIDATION_FAILED')
    expect(first.body.error.details).toEqual([
      {
        path: '/query/stauts',
        message: 'is not a query parameter of this operation (known: status, substrate, cursor, limit)',
      },
    ])
    for (const { runtime, outcome, recorded } of answers) {
      const answer = answerOf(outcome)
      expect({ runtime, status: answer.status, text: answer.text }).toEqual({ runtime, status: 400, text: first.text })
      expect(recorded?.operationId).toBe('listRights')
      expect(recorded?.violations, `${runtime}: the 400 is inside the contract`).toEqual([])
    }
  }, 60_000)

  it('lists every unknown name, and refuses them on an operation that takes no query parameters', async () => {
    const [many] = await sendEverywhere('enfinitos', 'listProofPacks', '?limit=5&page=2&sort=desc')
    expect(answerOf(many?.outcome as Outcome).body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/query/page',
      '/query/sort',
    ])
    const [keys] = await sendEverywhere('enfinitos', 'getRuntimeKeys', '?format=jwks')
    const answer = answerOf(keys?.outcome as Outcome)
    expect(answer.status).toBe(400)
    expect(answer.body.error.details[0].message).toContain('it takes no query parameters')
    expect(keys?.recorded?.violations).toEqual([])
  }, 60_000)

  it("answers in Dedit's envelope on a Dedit operation", async () => {
    const [active] = await sendEverywhere('dedit', 'getActiveSubscription', '?userId=4127')
    const answer = answerOf(active?.outcome as Outcome)
    expect(answer.status).toBe(400)
    expect(answer.text).toContain('/query/userId')
    expect(active?.recorded?.violations).toEqual([])
  }, 60_000)

  it('still accepts every declared parameter: filters, paging, export', async () => {
    for (const [provider, operationId, query] of [
      ['enfinitos', 'listRights', '?status=ACTIVE&substrate=DOOH&cursor=0&limit=2'],
      ['enfinitos', 'listProofPacks', '?cursor=0&limit=5'],
      ['enfinitos', 'listChallenges', '?status=OPEN&limit=1'],
    ] as const) {
      const [sent] = await sendEverywhere(provider, operationId, query)
      expect(answerOf(sent?.outcome as Outcome).status, `${operationId}${query}`).toBe(200)
    }
    for (const operationId of ['getMetering', 'getSettlement']) {
      const [exported] = await sendEverywhere('enfinitos', operationId, '&export=true')
      const answer = answerOf(exported?.outcome as Outcome)
      expect(answer.status, operationId).toBe(200)
      expect(answer.body.data.export ?? answer.body.data, operationId).toBeTruthy()
    }
  }, 60_000)
})
