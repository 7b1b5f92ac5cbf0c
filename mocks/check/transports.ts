/**
 * The two ways `standin check` reaches standin: the engine in-process (standin's own validation judges every answer,
 * `validateResponses: 'report'` so every violation is collected, never thrown) and HTTP through Prism's validating
 * proxy (Prism judges every answer).
 */
import type { Finding, SampleRequest } from '../core/conformance.js'
import type { Engine } from '../core/engine.js'
import { sampleToMockRequest } from '../core/sample-request.js'
import type { ScenarioAction } from '../core/scenarios.js'
import type { Session, SessionOptions } from '../core/session.js'
import type { MockRequest } from '../core/types.js'
import type { RunningServer } from '../server.js'
import { checkResponse } from './findings.js'
import { faultOrDelay, type Reply, type Transport } from './matrix.js'
import { prismFindings } from './prism-proxy.js'

const SCENARIO_HEADER = 'x-standin-scenario'
const SESSION_HEADER = 'x-standin-session'

function toMockRequest(req: SampleRequest, scenario?: string): MockRequest {
  const mock = sampleToMockRequest(req)
  if (scenario) mock.headers[SCENARIO_HEADER] = scenario
  return mock
}

/** The engine in-process: no sockets, faults and delays come back as data (delays are not waited for). */
export function engineTransport(engine: Engine, sessionOptions: SessionOptions): Transport {
  const providers = new Map(engine.providers.map((p) => [p.name, p]))
  const sessions = new Map<string, Session>()
  const lastViolations = new WeakMap<Reply, Finding[]>()
  return {
    via: 'engine',
    concurrency: 1,
    async openSession(id, scenarios, at, credentials) {
      const session = engine.createSession(id, { ...sessionOptions, scenarios: [] })
      sessions.set(id, session)
      if (credentials) {
        session.clock.set(credentials.at)
        for (const req of credentials.requests) await engine.handle(toMockRequest(req), session)
        session.journal.clear()
      }
      if (at) session.clock.set(at)
      if (scenarios.length) session.use(...scenarios)
    },
    clockOf(id) {
      return sessions.get(id)?.clock.iso() ?? ''
    },
    closeSession(id) {
      sessions.delete(id)
    },
    async send(req, sessionId, scenario) {
      const session = sessions.get(sessionId)
      if (!session) throw new Error(`no session ${sessionId}`)
      const final = await engine.handle(toMockRequest(req, scenario), session)
      const reply: Reply = {
        status: final.status,
        headers: final.headers,
        bodyText: final.bodyText,
        ...(final.fault ? { fault: final.fault.kind } : {}),
      }
      // What the engine itself found: a behaviour that threw is answered with a declared 500 but is a bug.
      const recorded = final.violations
        .filter((v) => v.keyword === 'exception')
        .map(
          (v): Finding => ({
            provider: req.provider,
            operationId: req.operationId,
            status: final.status,
            kind: 'exception',
            path: v.path,
            message: `standin threw: ${v.message}`,
            basis: 'documented',
          }),
        )
      if (recorded.length) lastViolations.set(reply, recorded)
      return reply
    },
    judge(req, reply) {
      // Standin's own validation: the response check, with the provider's envelope check, plus what the engine found.
      const provider = providers.get(req.provider)
      const checked = provider
        ? checkResponse(
            provider.contract,
            provider.contract.operation(req.operationId),
            reply,
            provider.conformance?.checkEnvelope,
          )
        : []
      return [...(lastViolations.get(reply) ?? []), ...checked]
    },
  }
}

/** A sample sent straight to standin (not through Prism) in a session: setting a session up is not under check. */
async function sendDirect(base: string, req: SampleRequest, session: string, timeoutMs: number): Promise<void> {
  const res = await fetch(`${base}${req.path}`, {
    method: req.method,
    headers: { ...(req.headers ?? {}), [SESSION_HEADER]: session },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  await res.arrayBuffer()
}

/** HTTP through one Prism proxy per provider, in front of a standin server; Prism's verdicts are the findings. */
export function prismTransport(
  server: RunningServer,
  prismUrls: Record<string, string>,
  timeoutMs = 30_000,
): Transport {
  return {
    via: 'prism',
    concurrency: 8,
    async openSession(id, scenarios, at, credentials) {
      const session = server.session(id)
      session.reset()
      if (credentials) {
        session.clock.set(credentials.at)
        for (const req of credentials.requests) await sendDirect(server.url, req, id, timeoutMs)
        session.journal.clear()
      }
      if (at) session.clock.set(at)
      if (scenarios.length) session.use(...scenarios)
    },
    clockOf(id) {
      return server.sessions.get(id)?.clock.iso() ?? ''
    },
    closeSession(id) {
      server.sessions.delete(id)
    },
    async send(req, sessionId, scenario) {
      const url = prismUrls[req.provider]
      if (!url) throw new Error(`no Prism proxy for ${req.provider}`)
      const headers: Record<string, string> = { ...(req.headers ?? {}), [SESSION_HEADER]: sessionId }
      // Prism interprets Prefer itself; X-Standin-Scenario goes through to standin untouched.
      if (scenario) headers[SCENARIO_HEADER] = scenario
      try {
        const res = await fetch(`${url}${req.path}`, {
          method: req.method,
          headers,
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          signal: AbortSignal.timeout(timeoutMs),
        })
        const bodyText = await res.text()
        const out: Record<string, string> = {}
        res.headers.forEach((value, key) => {
          out[key] = value
        })
        return { status: res.status, headers: out, bodyText }
      } catch (err) {
        const cause = (err as { cause?: { message?: string } }).cause?.message
        return { status: 0, headers: {}, bodyText: '', error: `${(err as Error).message}${cause ? ` (${cause})` : ''}` }
      }
    },
    judge(req, reply) {
      return prismFindings(req.provider, req.operationId, reply)
    },
    cannotCheck(action: ScenarioAction) {
      const what = faultOrDelay(action)
      return what ? `${what}: faults and delays cannot go through a proxy meaningfully` : null
    },
  }
}
