// The runner: every case of cases.ts as its own test, against one runtime. Each case opens a fresh session, sends what
// must come before its operation's sample (samples.ts), then the sample (with the scenario selected for that request,
// or for the whole session when the scenario empties the world) once per expected answer, and checks what the client
// saw: the answer's kind and status, how long it was held back, the body against the spec and the provider's envelope,
// the journal's word on who answered, and the case's own behaviour checks. Nothing is shared between cases but the
// runtime started in beforeAll, so `npx vitest run test/conformance -t "<case name>"` runs one case alone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { validateResponse } from '../../mocks/core/engine.js'
import { contracts } from '../helpers/specs.js'
import { type Answer, CASES, type ConformanceCase, type Expected, expectEnvelope } from './cases.js'
import type { Connection, Outcome, Runtime } from './runtimes.js'
import { type ProviderName, type ScriptRequest, sampleFor } from './samples.js'

/** Registers one test per case, in a describe named after the runtime. */
export function runConformance(runtime: Runtime): void {
  describe(`conformance through ${runtime.name}`, () => {
    beforeAll(() => runtime.start())
    afterAll(() => runtime.stop())
    for (const c of CASES) it(c.name, () => runCase(runtime, c))
  })
}

export async function runCase(runtime: Runtime, c: ConformanceCase): Promise<void> {
  const connection = await runtime.open(c.scenario?.perSession ? [c.scenario.name] : [])
  // What comes before the sample only has to leave the world as the sample needs it: it is checked by its own cases.
  const sample = await sampleFor(
    c.provider,
    c.operationId,
    async (req) => {
      const out = await connection.send(req)
      if (out.kind !== 'answer') throw new Error(`${req.operationId}, sent before the sample, got ${show(out)}`)
      return { status: out.status, body: out.body ?? null, text: out.text }
    },
    c.call,
  )
  const perRequest = c.scenario && !c.scenario.perSession ? c.scenario.name : undefined
  for (const [index, expected] of c.expect.entries()) {
    const label = `${c.name}, send ${index + 1} of ${c.expect.length}`
    const { outcome, heldMs } = await sendAndTime(runtime, connection, sample, perRequest, expected, label)
    expect(outcome.kind, `${label}: ${show(outcome)}`).toBe(expected.kind)
    if (runtime.realTime) expect(heldMs, `${label}: held back`).toBeGreaterThanOrEqual(expected.heldMs)
    else expect(heldMs, `${label}: the delay it asks for`).toBe(expected.heldMs)

    if (outcome.kind === 'answer' && expected.kind === 'answer') {
      if (expected.status !== null)
        expect(outcome.status, `${label}: ${outcome.text.slice(0, 300)}`).toBe(expected.status)
      expect(violationsOf(c.provider, c.operationId, outcome), `${label}: ${show(outcome)}`).toEqual([])
      expectEnvelope(c.provider, outcome)
    }
    const entry = await connection.last()
    expect(entry?.operationId, `${label}: the journal's operation`).toBe(c.operationId)
    expect(entry?.scenario, `${label}: the journal's scenario`).toBe(c.scenario?.answers ? c.scenario.name : null)
    expect(entry?.violations, `${label}: violations in the journal`).toEqual([])
    if (index === 0 && outcome.kind === 'answer') c.check?.(outcome)
  }
}

/** What is wrong with an answer, by the operation's declared responses (status, content type, body schema). */
function violationsOf(provider: ProviderName, operationId: string, answer: Answer) {
  const contract = contracts[provider]
  return validateResponse(contract, contract.operation(operationId), {
    status: answer.status,
    headers: answer.headers,
    body: answer.body,
  })
}

function show(outcome: Outcome): string {
  if (outcome.kind === 'answer') return `${outcome.status} ${outcome.text.slice(0, 300)}`
  if (outcome.kind === 'no-answer') return `no answer (${outcome.error})`
  return `a ${outcome.status} whose body broke off`
}

// Timers as they are before a test fakes them: real waits while the runtime's own timers are fake.
const realSetTimeout = globalThis.setTimeout
const realPause = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms))
/** Long enough for an answer that is not held back to arrive over loopback. */
const SETTLE_MS = 25

async function until(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const end = Date.now() + limitMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await realPause(1)
  }
}

/**
 * Sends the sample. When a real-time runtime must hold the answer back, its timers are faked for this send: once the
 * engine has answered, the clock is moved to 1 ms before the end of the hold (nothing may have arrived), then past it
 * (the answer, or the failure, must now arrive). The engine reports its hold as data.
 */
async function sendAndTime(
  runtime: Runtime,
  connection: Connection,
  sample: ScriptRequest,
  scenario: string | undefined,
  expected: Expected,
  label: string,
): Promise<{ outcome: Outcome; heldMs: number }> {
  if (!runtime.realTime || expected.heldMs === 0) {
    const outcome = await connection.send(sample, scenario)
    return { outcome, heldMs: outcome.heldMs ?? 0 }
  }
  const before = connection.journalSize()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  try {
    let settled = false
    const pending = connection.send(sample, scenario).finally(() => {
      settled = true
    })
    await until(() => settled || connection.journalSize() > before, `${label} reaches the engine`)
    await realPause(SETTLE_MS)
    expect(settled, `${label}: arrived at once, not held back`).toBe(false)
    await vi.advanceTimersByTimeAsync(expected.heldMs - 1)
    await realPause(SETTLE_MS)
    expect(settled, `${label}: arrived before ${expected.heldMs} ms`).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await until(() => settled, `${label} arrives after ${expected.heldMs} ms`)
    return { outcome: await pending, heldMs: expected.heldMs }
  } finally {
    vi.useRealTimers()
  }
}
