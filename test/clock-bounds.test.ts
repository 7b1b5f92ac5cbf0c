// The session clock is bounded to what the providers' timestamp formats carry (docs/clock.md): at either bound every
// operation of both providers answers inside its contract, a signed pack included; one millisecond outside is refused
// (400 from the admin API, an error from the library and the CLI) instead of turning every signed answer into a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLOCK_HORIZON,
  CLOCK_MAX,
  CLOCK_MAX_MS,
  CLOCK_MIN,
  CLOCK_MIN_MS,
  ClockRangeError,
  FORMAT_RANGE_MS,
} from '../mocks/core/clock.js'
import { StandinError } from '../mocks/core/errors.js'
import type { KeyDirectory, ProofPack } from '../mocks/enfinitos/proof/types.js'
import { verifyPack } from '../mocks/enfinitos/proof/verify.js'
import { type RunningServer, startServer } from '../mocks/server.js'
import { createStandin } from '../mocks/standin.js'
import { startCli } from './helpers/cli.js'
import { createEngine } from './helpers/engine.js'
import { fetchSender, runScript } from './helpers/script.js'

const iso = (ms: number) => new Date(ms).toISOString()

describe('the clock bounds', () => {
  it('leave room, within the formats, for every instant the providers compute from now', () => {
    expect(CLOCK_MAX_MS + CLOCK_HORIZON.aheadMs).toBeLessThanOrEqual(FORMAT_RANGE_MS.max)
    expect(CLOCK_MIN_MS - CLOCK_HORIZON.behindMs).toBeGreaterThanOrEqual(FORMAT_RANGE_MS.min)
    expect(iso(FORMAT_RANGE_MS.max)).toBe('2286-11-20T17:46:39.999Z')
  })

  for (const [name, at] of [
    ['upper', CLOCK_MAX],
    ['lower', CLOCK_MIN],
  ] as const) {
    it(`at the ${name} bound every operation answers inside the contract and the sealed pack verifies`, async () => {
      // validateResponses 'throw' (the default): a response outside the contract would reject the script.
      const standin = createStandin({ clock: at })
      const exchanges = await runScript(fetchSender(standin.fetch, () => 'http://standin.local'))
      expect(exchanges.filter((x) => x.status >= 500).map((x) => x.req.operationId)).toEqual([])
      expect(standin.journal.violations()).toEqual([])

      const sealed = exchanges.find((x) => x.req.operationId === 'sealProofPack')?.body.data.pack as ProofPack
      const keys = (await (await standin.fetch('/v1/runtime-keys')).json()).data as KeyDirectory
      // The seeded world sealed a pack before: this one continues its chain.
      const prior = sealed.records[0]?.beforeHash ?? null
      expect(verifyPack(sealed, keys, { priorAfterHash: prior }).failures).toEqual([])
      expect(sealed.issuedAt >= at).toBe(true)
    }, 60_000)
  }

  it('refuses a start, a set or an advance one millisecond outside them, in the library', () => {
    expect(() => createStandin({ clock: CLOCK_MAX_MS + 1 })).toThrow(ClockRangeError)
    expect(() => createStandin({ clock: CLOCK_MIN_MS - 1 })).toThrow(ClockRangeError)
    const standin = createStandin({ clock: CLOCK_MAX, providers: ['enfinitos'] })
    expect(() => standin.clock.set(CLOCK_MAX_MS + 1)).toThrow(/2286-01-01T00:00:00\.001Z/)
    expect(() => standin.clock.set('9999-12-31T23:59:59.999Z')).toThrow(ClockRangeError)
    expect(() => standin.clock.advance(1)).toThrow(ClockRangeError)
    expect(standin.clock.now()).toBe(CLOCK_MAX)
    standin.clock.set(CLOCK_MIN)
    expect(standin.clock.now()).toBe(CLOCK_MIN)
  })

  it('refuses a garbled instant and a backward move with a StandinError, as every error standin throws', () => {
    expect(() => createStandin({ clock: 'next tuesday' })).toThrow(StandinError)
    const standin = createStandin({ clock: CLOCK_MIN, providers: ['enfinitos'] })
    expect(() => standin.clock.set('garbage')).toThrow(StandinError)
    expect(() => standin.clock.set('garbage')).toThrow(/invalid clock instant: garbage/)
    expect(() => standin.clock.advance(-1)).toThrow(StandinError)
    expect(() => standin.clock.advance(Number.NaN)).toThrow(/only moves forward/)
  })
})

describe('the admin clock', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer(createEngine(), { port: 0, session: { seed: 3, clock: '2026-04-01T12:00:00.000Z' } })
  })
  afterAll(async () => {
    await server?.close()
  })
  const admin = (method: string, path: string, body: unknown) =>
    fetch(`${server.url}/__standin/session/clock${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-standin-session': 'clock-bounds' },
      body: JSON.stringify(body),
    })

  it('answers 400 naming the field and the range one millisecond past the bound, 200 at it', async () => {
    const past = await admin('PUT', '', { now: iso(CLOCK_MAX_MS + 1) })
    expect(past.status).toBe(400)
    const error = (await past.json()).error
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.message).toContain(CLOCK_MAX)
    expect(error.details).toEqual([{ path: '/body/now', message: `must be between ${CLOCK_MIN} and ${CLOCK_MAX}` }])
    expect((await admin('PUT', '', { now: '9999-12-31T23:59:59.999Z' })).status).toBe(400)
    expect((await admin('PUT', '', { now: iso(CLOCK_MIN_MS - 1) })).status).toBe(400)

    const at = await admin('PUT', '', { now: CLOCK_MAX })
    expect(at.status).toBe(200)
    expect((await at.json()).now).toBe(CLOCK_MAX)
  })

  it('answers 400 to an advance past the bound and leaves the clock where it was', async () => {
    await admin('PUT', '', { now: iso(CLOCK_MAX_MS - 1000) })
    const res = await admin('POST', '/advance', { ms: 1001 })
    expect(res.status).toBe(400)
    expect((await res.json()).error.details[0].path).toBe('/body/ms')
    const now = await fetch(`${server.url}/__standin/session/clock`, {
      headers: { 'x-standin-session': 'clock-bounds' },
    })
    expect((await now.json()).now).toBe(iso(CLOCK_MAX_MS - 1000))
  })

  it('serves signed answers at the bound (no 500)', async () => {
    await admin('PUT', '', { now: CLOCK_MAX })
    const res = await fetch(`${server.url}/v1/runtime-keys`, { headers: { 'x-standin-session': 'clock-bounds' } })
    expect(res.status).toBe(200)
  })
})

describe('standin serve --clock', () => {
  it('refuses an instant past the bound with a usage error', async () => {
    const refused = await startCli(['--clock', '9999-01-01T00:00:00.000Z']).then(
      async (cli) => {
        await cli.stop()
        return 'started'
      },
      (err: Error) => err.message,
    )
    expect(refused).toContain(`--clock must be between ${CLOCK_MIN} and ${CLOCK_MAX}`)
  }, 30_000)
})
