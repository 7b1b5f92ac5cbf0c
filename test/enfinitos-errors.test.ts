// What the providers' error envelopes share (mocks/core/errors.ts: lower-case headers, a default Retry-After on 429
// and 503, per provider), and the typed scenario helpers both providers instantiate from one generic
// (mocks/core/typed-actions.ts).
import { describe, expect, it } from 'vitest'
import { errorHeaders } from '../mocks/core/errors.js'
import { typedActions } from '../mocks/core/typed-actions.js'
import { deditError } from '../mocks/dedit/envelope.js'
import * as deditTyped from '../mocks/dedit/scenarios/actions.js'
import { enfinitosError } from '../mocks/enfinitos/envelope.js'
import * as enfinitosTyped from '../mocks/enfinitos/scenarios/actions.js'

describe('errorHeaders', () => {
  const defaults = { retryAfter429: 30, retryAfter503: 5 }

  it('lower-cases header names and adds retry-after on 429 and 503 only', () => {
    expect(errorHeaders({ status: 400, headers: { 'X-Thing': 'a' } }, defaults)).toEqual({ 'x-thing': 'a' })
    expect(errorHeaders({ status: 429 }, defaults)).toEqual({ 'retry-after': '30' })
    expect(errorHeaders({ status: 503 }, defaults)).toEqual({ 'retry-after': '5' })
    expect(errorHeaders({ status: 503, headers: { 'Retry-After': '9' } }, defaults)).toEqual({ 'retry-after': '9' })
  })

  it('is what both providers use, each with its own defaults', () => {
    expect(enfinitosError({ status: 429, message: 'x' }).headers).toEqual({ 'retry-after': '30' })
    expect(enfinitosError({ status: 503, message: 'x' }).headers).toEqual({ 'retry-after': '5' })
    expect(deditError({ status: 429, message: 'x' }).headers).toEqual({ 'retry-after': '30' })
    expect(deditError({ status: 503, message: 'x', headers: { 'X-A': '1' } }).headers).toEqual({
      'x-a': '1',
      'retry-after': '30',
    })
  })
})

describe('typed scenario helpers', () => {
  it('are one generic, instantiated per provider with the same helpers', () => {
    expect(Object.keys(typedActions()).sort()).toEqual(['custom', 'editSuccess', 'respond', 'respondFrom'])
    for (const typed of [enfinitosTyped, deditTyped]) {
      expect(Object.keys(typed).sort()).toEqual(['custom', 'editSuccess', 'respond', 'respondFrom'])
    }
    expect(
      enfinitosTyped.respond('sealProofPack', 200, {
        ok: true,
        data: { pack: null, sealed: false },
        contractVersion: 'v1.0',
      }),
    ).toEqual({
      sealProofPack: {
        kind: 'respond',
        status: 200,
        body: { ok: true, data: { pack: null, sealed: false }, contractVersion: 'v1.0' },
        headers: {},
      },
    })
  })

  it('respondFrom passes a response through or serves a typed reply; editSuccess edits only 200s', async () => {
    const { respondFrom, editSuccess } = typedActions<
      { op: { responses: { 200: { content: { 'application/json': { n: number } } } } } },
      unknown
    >()
    const run = async (
      action: unknown,
      response: { status: number; headers: Record<string, string>; body?: unknown },
    ) =>
      // biome-ignore lint/suspicious/noExplicitAny: calling the scenario action as the engine does.
      (action as any).op.run({}, async () => response)
    const passthrough = respondFrom('op', async (_call, next) => ({ passthrough: await next() }))
    expect(await run(passthrough, { status: 404, headers: {} })).toEqual({ status: 404, headers: {} })
    const reply = respondFrom('op', () => ({ status: 200, body: { n: 1 } }))
    expect(await run(reply, { status: 500, headers: {} })).toEqual({ status: 200, headers: {}, body: { n: 1 } })
    const edit = editSuccess('op', (body) => ({ body: { n: body.n + 1 }, headers: { 'x-e': '1' } }))
    expect(await run(edit, { status: 200, headers: {}, body: { n: 1 } })).toEqual({
      status: 200,
      headers: { 'x-e': '1' },
      body: { n: 2 },
    })
    expect(await run(edit, { status: 409, headers: {}, body: { n: 1 } })).toEqual({
      status: 409,
      headers: {},
      body: { n: 1 },
    })
  })
})
