// The four runtimes the conformance cases run through, each behind the same small interface: the engine itself
// (`Engine.handle`, faults and delays come back as data), the MSW handlers (real `fetch` calls intercepted by
// msw/node's setupServer), `standin.fetch` (no MSW) and the HTTP server (`startServer` on an ephemeral loopback
// port, real sockets). Every runtime answers in `report` mode, so a response outside the contract reaches the case and
// the journal records it, instead of being turned into an exception.
import { setupServer } from 'msw/node'
import type { Engine } from '../../mocks/core/engine.js'
import { sampleToMockRequest } from '../../mocks/core/sample-request.js'
import type { Session } from '../../mocks/core/session.js'
import { type RunningServer, startServer } from '../../mocks/server.js'
import { createStandin, type Standin } from '../../mocks/standin.js'
import { createEngine } from '../helpers/engine.js'
import { toRequest } from '../helpers/script.js'
import { type Answer, type Json, SESSION } from './cases.js'
import type { ScriptRequest } from './samples.js'

/** What the client saw. `heldMs` is set by runtimes that report a delay as data (the engine). */
export type Outcome =
  | ({ kind: 'answer'; heldMs?: number } & Answer)
  | { kind: 'no-answer'; heldMs?: number; error: string }
  | { kind: 'broken-body'; heldMs?: number; status: number }

/** The journal's word on an exchange: which operation and scenario answered, and what broke the contract. */
export interface Recorded {
  operationId: string | null
  scenario: string | null
  violations: unknown[]
}

export interface Connection {
  /** One request; `scenario` selects a scenario for it alone (`X-Standin-Scenario`). */
  send(req: ScriptRequest, scenario?: string): Promise<Outcome>
  /** How many exchanges the session has journaled (read in-process: tells that a request has reached the engine). */
  journalSize(): number
  /** The session's last journal entry, read the way the runtime's users read it. */
  last(): Promise<Recorded | undefined>
}

export interface Runtime {
  readonly name: string
  /** Delays and hangs are carried out with timers (true), or reported as data (false: the engine). */
  readonly realTime: boolean
  start(): Promise<void>
  stop(): Promise<void>
  /** A fresh session: the seeded world at SESSION.clock, with these scenarios active from the start. */
  open(scenarios: string[]): Promise<Connection>
}

const SCENARIO_HEADER = 'x-standin-scenario'
const SESSION_HEADER = 'x-standin-session'
const ORIGIN = { enfinitos: 'https://sandbox.api.enfinitos.com', dedit: 'https://app.dedit.io' }

const withScenario = (req: ScriptRequest, scenario?: string): ScriptRequest =>
  scenario ? { ...req, headers: { ...req.headers, [SCENARIO_HEADER]: scenario } } : req

const parse = (text: string): Json => (text === '' ? undefined : JSON.parse(text))

/** A fetch call as the client sees it: an answer, a rejected fetch, or a body that breaks off. */
async function outcomeOf(call: () => Promise<Response>): Promise<Outcome> {
  let res: Response
  try {
    res = await call()
  } catch (err) {
    return { kind: 'no-answer', error: String((err as Error).cause ?? err) }
  }
  let text: string
  try {
    text = await res.text()
  } catch {
    return { kind: 'broken-body', status: res.status }
  }
  const headers: Record<string, string> = {}
  res.headers.forEach((value, key) => {
    headers[key] = value
  })
  return { kind: 'answer', status: res.status, headers, text, body: parse(text) }
}

const recorded = (session: Session): Recorded | undefined => session.journal.last()

/** The engine in-process: the pipeline's own answer, faults and delays as data. */
export function engineRuntime(): Runtime {
  let engine: Engine | undefined
  let sessions = 0
  return {
    name: 'the engine',
    realTime: false,
    async start() {
      engine = createEngine({ validateResponses: 'report' })
    },
    async stop() {},
    async open(scenarios) {
      const e = engine as Engine
      const session = e.createSession(`case-${++sessions}`, { ...SESSION, scenarios })
      return {
        async send(req, scenario) {
          const final = await e.handle(sampleToMockRequest(withScenario(req, scenario)), session)
          const heldMs = final.delayMs ?? 0
          const fault = final.fault
          if (!fault)
            return {
              kind: 'answer',
              status: final.status,
              headers: final.headers,
              text: final.bodyText,
              body: parse(final.bodyText),
              heldMs,
            }
          // A fault has no body of its own: the adapters carry it out on the wire.
          if (final.bodyText !== '' || final.body !== undefined)
            return {
              kind: 'answer',
              status: final.status,
              headers: final.headers,
              text: final.bodyText,
              body: final.body,
              heldMs,
            }
          if (fault.kind === 'truncated-body') return { kind: 'broken-body', status: final.status, heldMs }
          const hang = fault.kind === 'timeout' ? fault.afterMs : 0
          return { kind: 'no-answer', error: fault.kind, heldMs: heldMs + hang }
        },
        journalSize: () => session.journal.list().length,
        last: async () => recorded(session),
      }
    },
  }
}

/** One standin, reset for every case. */
function standinConnection(standin: Standin, scenarios: string[], send: Connection['send']): Connection {
  standin.reset()
  standin.use(...scenarios)
  return {
    send,
    journalSize: () => standin.journal.entries().length,
    last: async () => standin.journal.last(),
  }
}

/** The MSW handlers under msw/node: the case's requests are real `fetch` calls to the providers' own origins. */
export function mswRuntime(): Runtime {
  const standin = createStandin({ ...SESSION, validateResponses: 'report' })
  const server = setupServer(...standin.handlers())
  return {
    name: 'MSW (setupServer)',
    realTime: true,
    async start() {
      server.listen({ onUnhandledRequest: 'error' })
    },
    async stop() {
      server.close()
    },
    async open(scenarios) {
      return standinConnection(standin, scenarios, (req, scenario) =>
        outcomeOf(() => fetch(toRequest(ORIGIN[req.provider], withScenario(req, scenario)))),
      )
    },
  }
}

/** `standin.fetch`: the Fetch API straight into the engine, no MSW. */
export function fetchRuntime(): Runtime {
  const standin = createStandin({ ...SESSION, validateResponses: 'report' })
  return {
    name: 'standin.fetch',
    realTime: true,
    async start() {},
    async stop() {},
    async open(scenarios) {
      return standinConnection(standin, scenarios, (req, scenario) =>
        outcomeOf(() => standin.fetch(toRequest('http://standin.local', withScenario(req, scenario)))),
      )
    },
  }
}

/** `startServer` on an ephemeral loopback port; a new `X-Standin-Session` per case, scenarios set by the admin API. */
export function httpRuntime(): Runtime {
  let running: RunningServer | undefined
  let sessions = 0
  const server = () => running as RunningServer
  return {
    name: 'the HTTP server',
    realTime: true,
    async start() {
      running = await startServer(createEngine({ validateResponses: 'report' }), {
        host: '127.0.0.1',
        port: 0,
        session: SESSION,
      })
    },
    async stop() {
      await running?.close()
    },
    async open(scenarios) {
      const id = `case-${++sessions}`
      const admin = (method: string, path: string, body?: unknown) =>
        fetch(`${server().url}/__standin/session${path}`, {
          method,
          headers: { [SESSION_HEADER]: id, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        })
      if (scenarios.length > 0) {
        const res = await admin('PUT', '/scenarios', { scenarios })
        if (res.status !== 200) throw new Error(`the admin API refused ${scenarios.join(', ')}: ${await res.text()}`)
      }
      return {
        send: (req, scenario) =>
          outcomeOf(() => {
            const r = withScenario(req, scenario)
            return fetch(toRequest(server().url, { ...r, headers: { ...r.headers, [SESSION_HEADER]: id } }))
          }),
        journalSize: () => server().session(id).journal.list().length,
        async last() {
          const res = await admin('GET', '/journal?limit=1')
          const journal = (await res.json()) as { entries: Recorded[] }
          return journal.entries[0]
        },
      }
    },
  }
}
