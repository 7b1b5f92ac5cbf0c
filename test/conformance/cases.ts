// The conformance cases, one list shared by every runtime (after Hono's src/router/common.case.test.ts: one case list,
// one runner per router). For each provider: the default answer to every request of its conformance script (so every
// operation, some more than once), and every scenario against every operation it covers (every operation for `*` and
// for a scenario that only empties the world). A case says which
// request to send (the operation's sample, see samples.ts), how the scenario is selected, what the client must see on
// each send (a status, or no answer, or a body that breaks off; how long it is held back), and a few behaviour checks.
// Every answer is also checked against the spec and the provider's envelope, and the journal must say which
// operation and scenario answered (suite.ts).
import { expect } from 'vitest'
import type { Scenario, ScenarioAction } from '../../mocks/core/scenarios.js'
import { createStandin } from '../../mocks/standin.js'
import { fetchSender } from '../helpers/script.js'
import { contracts } from '../helpers/specs.js'
import { callsPerOperation, type ProviderName } from './samples.js'

export const PROVIDERS: readonly ProviderName[] = ['enfinitos', 'dedit']

/** Every session of every runtime starts from this seed and instant. */
export const SESSION = { seed: 7, clock: '2026-04-01T12:00:00.000Z' } as const

// biome-ignore lint/suspicious/noExplicitAny: bodies are read loosely by the checks; the suite validates them.
export type Json = any

/** An HTTP answer as the client saw it. */
export interface Answer {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  text: string
  /** The parsed body (undefined for none). */
  body: Json
}

/** What the client must see for one send of the sample. */
export type Expected =
  /** An answer: this status (null: any status the operation declares), held back at least `heldMs`. */
  | { kind: 'answer'; status: number | null; heldMs: number }
  /** No answer at all (network error, reset, a connection that hangs then closes), after at least `heldMs`. */
  | { kind: 'no-answer'; heldMs: number }
  /** Headers arrive, the body breaks off half-way. */
  | { kind: 'broken-body'; heldMs: number }

export interface ConformanceCase {
  /** The test's name: `<provider> <operationId> (default)` or `<scenario> on <operationId>`. */
  name: string
  provider: ProviderName
  operationId: string
  /** Which of the script's requests of this operation is the sample (the script sends a few more than once). */
  call: number
  /** The scenario under test; absent for the default behaviour. */
  scenario?: {
    name: string
    /** Activated for the session before anything is sent (a scenario that empties the world); else per request. */
    perSession: boolean
    /** Whether one of its actions answers this operation (so the journal must name it). */
    answers: boolean
  }
  /** One entry per send of the sample, in order (a sequence is sent once per step, then once more). */
  expect: Expected[]
  /** Behaviour checks on the first answer, beyond the status, the spec and the envelope. */
  check?: (answer: Answer) => void
}

/**
 * The default answer of each operation to its sample. Every sample is valid, so 200, except the replay of a webhook
 * delivery: the request script asks for an unknown delivery on purpose (a declared 404).
 */
const DEFAULT_STATUS: Record<string, number> = { 'enfinitos.replayWebhookDelivery': 404 }
const defaultStatus = (provider: ProviderName, operationId: string): number =>
  DEFAULT_STATUS[`${provider}.${operationId}`] ?? 200

/** What one call of an action must look like to the client (`call`: 0 for the first call). */
function expectedOf(action: ScenarioAction, defaultAnswer: number, call = 0): Expected {
  const delay = action.delayMs ?? 0
  switch (action.kind) {
    case 'error':
      return { kind: 'answer', status: action.error.status, heldMs: delay }
    case 'respond':
      return { kind: 'answer', status: action.status, heldMs: delay }
    case 'example':
      return { kind: 'answer', status: Number(action.status), heldMs: delay }
    case 'default':
      return { kind: 'answer', status: defaultAnswer, heldMs: delay }
    case 'custom':
      return { kind: 'answer', status: null, heldMs: delay }
    case 'fault': {
      const fault = action.fault
      if (fault.kind === 'truncated-body') return { kind: 'broken-body', heldMs: delay }
      return { kind: 'no-answer', heldMs: delay + (fault.kind === 'timeout' ? fault.afterMs : 0) }
    }
    case 'sequence': {
      const { steps } = action
      const after = action.afterLast ?? 'default'
      const step: ScenarioAction =
        steps[call] ??
        (after === 'repeat-last'
          ? (steps.at(-1) as ScenarioAction)
          : after === 'cycle'
            ? (steps[call % steps.length] as ScenarioAction)
            : { kind: 'default' })
      const inner = expectedOf(step, defaultAnswer)
      return { ...inner, heldMs: inner.heldMs + delay }
    }
  }
}

/** Sends of the sample a case makes: once, or once per step of a sequence and once more. */
const sendsFor = (action: ScenarioAction | undefined): number =>
  action?.kind === 'sequence' ? action.steps.length + 1 : 1

/** Behaviour checks beyond status and schema, by case name. */
export const CHECKS: Record<string, (answer: Answer) => void> = {
  'enfinitos issueRight (default)': ({ body }) => {
    expect(body.data.right.id).toMatch(/^rgh_[0-9a-f]{16}$/)
    expect(body.data.right.status).toBe('ACTIVE')
  },
  'enfinitos listBases (default)': ({ body }) => expect(body.data.total).toBeGreaterThan(0),
  'enfinitos listRights (default)': ({ body }) => expect(body.data.rights.length).toBeGreaterThan(0),
  'enfinitos listChallenges (default)': ({ body }) => expect(body.data.challenges.length).toBeGreaterThan(0),
  'enfinitos sealProofPack (default)': ({ body }) => {
    expect(body.data.sealed).toBe(true)
    expect(body.data.pack.records.length).toBeGreaterThan(0)
  },
  'enfinitos listProofPacks (default)': ({ body }) => {
    expect(body.data.proofPacks.length).toBeGreaterThan(0)
    expect(body.data.total).toBeGreaterThanOrEqual(body.data.proofPacks.length)
  },
  'enfinitos getRuntimeKeys (default)': ({ body }) => expect(body.data.keys.length).toBeGreaterThan(0),
  // The request script sends getRuntimeKeys then listBases first: an empty world has no basis yet.
  'enfinitos:empty-world on listBases': ({ body }) => expect(body.data.total).toBe(0),
  'dedit login (default)': ({ body }) => expect(body.token.split('.')).toHaveLength(3),
  'dedit:auth.login-rejected on login': ({ body }) => expect(body.message).toBe('Invalid API key'),
  'dedit:registration.complete.confirmed-on-chain on completeRegistration': ({ body }) => {
    expect(body.txId).toMatch(/^[A-Z2-7]{52}$/)
    expect(body.assetId).toBeGreaterThanOrEqual(1_000_000_000)
  },
}

function buildCases(calls: Map<string, number>): ConformanceCase[] {
  const catalogue: Scenario[] = createStandin().catalogue()
  const cases: ConformanceCase[] = []
  for (const provider of PROVIDERS) {
    const operations = contracts[provider].operations.map((o) => o.operationId)
    for (const operationId of operations) {
      // Every request the script sends is a case: the first of each operation, and the ones after it.
      for (let call = 1; call <= Math.max(1, calls.get(`${provider}.${operationId}`) ?? 0); call++) {
        const name = `${provider} ${operationId} (default${call > 1 ? `, call ${call}` : ''})`
        cases.push({
          name,
          provider,
          operationId,
          call,
          expect: [{ kind: 'answer', status: defaultStatus(provider, operationId), heldMs: 0 }],
          ...(CHECKS[name] ? { check: CHECKS[name] } : {}),
        })
      }
    }
    for (const scenario of catalogue.filter((s) => s.provider === provider)) {
      const covered = Object.keys(scenario.operations)
      const targets = covered.length === 0 || covered.includes('*') ? operations : covered
      for (const operationId of targets) {
        const action = scenario.operations[operationId] ?? scenario.operations['*']
        const fallback = defaultStatus(provider, operationId)
        const name = `${scenario.name} on ${operationId}`
        cases.push({
          name,
          provider,
          operationId,
          call: 1,
          scenario: { name: scenario.name, perSession: scenario.emptyWorld === true, answers: action !== undefined },
          // An emptied world answers by its own rules (a 404 for what is gone): any declared status.
          expect: action
            ? Array.from({ length: sendsFor(action) }, (_, call) => expectedOf(action, fallback, call))
            : [{ kind: 'answer', status: null, heldMs: 0 }],
          ...(CHECKS[name] ? { check: CHECKS[name] } : {}),
        })
      }
    }
  }
  return cases
}

/** The script run once on a standin of its own, to know how often it sends each operation. */
const scriptStandin = createStandin(SESSION)
export const CASES: readonly ConformanceCase[] = buildCases(
  await callsPerOperation(
    fetchSender(
      (r) => scriptStandin.fetch(r),
      () => 'http://standin.local',
    ),
  ),
)

/** Checks an answer is in its provider's envelope: EnfinitOS `{ok, data | error, contractVersion}`, Dedit errors. */
export function expectEnvelope(provider: ProviderName, answer: Answer): void {
  const { status, body } = answer
  if (provider === 'enfinitos') {
    expect(body?.ok, 'ok').toBe(status < 400)
    expect(body?.contractVersion, 'contractVersion').toBeTypeOf('string')
    if (status >= 400) expect(body?.error?.code, 'error.code').toBeTypeOf('string')
  } else if (status >= 400) {
    expect(body?.statusCode, 'statusCode').toBe(status)
    expect(String(body?.error ?? ''), 'error').not.toBe('')
  }
  // A rate limit or an outage says when to come back.
  if (status === 429 || status === 503) expect(Number(answer.headers['retry-after']), 'retry-after').toBeGreaterThan(0)
}
