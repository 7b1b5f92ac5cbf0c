/**
 * The self-conformance matrix: every operation's default behaviour (each provider's conformance script on the seeded
 * world) and every scenario against every operation it covers, each scenario in a fresh session. The same plan runs over two
 * transports: the engine in-process (standin validates every answer) and HTTP through Prism's validating proxy (Prism
 * judges every answer).
 */
import { type Finding, runConformance, type SampleRequest } from '../core/conformance.js'
import type { Scenario, ScenarioAction } from '../core/scenarios.js'
import type { Provider } from '../core/types.js'
import type { ProviderName } from '../typed.js'

/** The group name of the conformance scripts' rows (the default behaviour of every operation). */
export const DEFAULT_GROUP = '(default)'

export type Via = 'engine' | 'prism'

export interface CheckRow {
  via: Via
  provider: ProviderName
  /** The scenario, or `(default)` for the default behaviour reached by the conformance script. */
  scenario: string
  operationId: string
  /** Requests sent for this row (a script calls some operations more than once). */
  calls: number
  statuses: number[]
  result: 'pass' | 'fail' | 'skip'
  /** Why a row was skipped, or what else is worth knowing (a fault carried out by the adapters). */
  note?: string
  findings: Finding[]
}

export interface Reply {
  status: number
  headers: Record<string, string>
  bodyText: string
  /** A fault the engine returned as data (its kind). */
  fault?: string
  /** No answer arrived over HTTP (connection refused or reset, timeout). */
  error?: string
}

/** How the matrix reaches standin and who judges the answers. */
export interface Transport {
  via: Via
  /** Parallel scenario groups (1: in order). */
  concurrency: number
  /**
   * A fresh session (seeded world) with these scenarios active from the start, its clock moved to `at` when given.
   * `credentials` are sent first, at their instant, with no scenario: the session then holds the same credentials
   * the default session was issued (a Dedit token works only in the session that issued it).
   */
  openSession(id: string, scenarios: string[], at?: string, credentials?: Credentials): Promise<void>
  /** The session clock's current instant. */
  clockOf(id: string): string
  closeSession(id: string): void
  /** One request in a session, with a scenario selected for it (X-Standin-Scenario) when given. */
  send(req: SampleRequest, session: string, scenario?: string): Promise<Reply>
  /** What is wrong with an answer (empty when it is within the contract). */
  judge(req: SampleRequest, reply: Reply): Finding[]
  /** Why a scenario's action cannot be checked over this transport (faults and delays through a proxy), if so. */
  cannotCheck?(action: ScenarioAction): string | null
}

/** The requests that issued the default session its credentials, and the instant they were sent at. */
export interface Credentials {
  at: string
  requests: SampleRequest[]
}

interface MatrixOptions {
  providers: readonly Provider[]
  scenarios: Scenario[]
}

function parseBody(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

async function pool<T>(items: T[], concurrency: number, run: (item: T, index: number) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      await run(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker))
}

function exception(provider: string, operationId: string, message: string): Finding {
  return { provider, operationId, status: 0, kind: 'exception', path: '/', message, basis: 'documented' }
}

/** Whether an action (or a step of a sequence) is a fault or carries a delay. */
export function faultOrDelay(action: ScenarioAction): string | null {
  if (action.kind === 'fault') return `fault ${action.fault.kind}`
  if ((action.delayMs ?? 0) > 0) return `delay ${action.delayMs} ms`
  if (action.kind === 'sequence') {
    for (const step of action.steps) {
      const found = faultOrDelay(step)
      if (found) return found
    }
  }
  return null
}

function rowFor(
  via: Via,
  provider: ProviderName,
  scenario: string,
  operationId: string,
  statuses: number[],
  findings: Finding[],
  note?: string,
): CheckRow {
  return {
    via,
    provider,
    scenario,
    operationId,
    calls: statuses.length,
    statuses,
    result: findings.length > 0 ? 'fail' : 'pass',
    ...(note ? { note } : {}),
    findings,
  }
}

/** Runs the whole matrix over a transport and returns one row per (scenario, operation). */
export async function runMatrix(transport: Transport, options: MatrixOptions): Promise<CheckRow[]> {
  const { via } = transport
  const rows: CheckRow[] = []
  const judge = (req: SampleRequest, reply: Reply): Finding[] =>
    reply.error === undefined
      ? transport.judge(req, reply)
      : [
          {
            provider: req.provider,
            operationId: req.operationId,
            status: 0,
            kind: 'transport',
            path: '/',
            message: `no answer: ${reply.error}`,
            basis: 'documented',
          },
        ]

  // 1. The default behaviour: the conformance scripts on the seeded world, in one session.
  const defaultSession = `standin-check-${via}-default`
  await transport.openSession(defaultSession, [])
  const perOperation = new Map<string, { provider: ProviderName; statuses: number[]; findings: Finding[] }>()
  const samples = new Map<string, SampleRequest>()
  let scriptError: string | null = null
  let lastRequest: SampleRequest | null = null
  let credentials: Credentials | undefined
  try {
    await runConformance(options.providers, async (req) => {
      lastRequest = req
      if (req.issuesCredentials) {
        credentials ??= { at: transport.clockOf(defaultSession), requests: [] }
        credentials.requests.push(req)
      }
      const reply = await transport.send(req, defaultSession)
      const key = `${req.provider}.${req.operationId}`
      if (!samples.has(key)) samples.set(key, req)
      const entry = perOperation.get(key) ?? { provider: req.provider as ProviderName, statuses: [], findings: [] }
      entry.statuses.push(reply.status)
      entry.findings.push(...judge(req, reply))
      perOperation.set(key, entry)
      return { status: reply.status, body: parseBody(reply.bodyText), text: reply.bodyText }
    })
  } catch (err) {
    scriptError = err instanceof Error ? err.message : String(err)
  }
  const scriptEnd = transport.clockOf(defaultSession)
  transport.closeSession(defaultSession)
  for (const [key, entry] of perOperation) {
    const operationId = key.slice(key.indexOf('.') + 1)
    rows.push(rowFor(via, entry.provider, DEFAULT_GROUP, operationId, entry.statuses, entry.findings))
  }
  if (scriptError !== null) {
    const at = lastRequest as SampleRequest | null
    const provider = (at?.provider ?? options.providers[0]?.name) as ProviderName
    const operationId = at?.operationId ?? '(script)'
    rows.push(
      rowFor(
        via,
        provider,
        DEFAULT_GROUP,
        '(script)',
        [],
        [
          exception(
            provider,
            operationId,
            `the conformance script stopped after ${operationId}: ${scriptError} (an earlier answer lacked what the next request needs)`,
          ),
        ],
      ),
    )
  }
  // Every operation of the spec must be reached by the provider's conformance script.
  for (const { name, contract } of options.providers) {
    const provider = name as ProviderName
    for (const op of contract.operations) {
      if (!perOperation.has(`${provider}.${op.operationId}`)) {
        rows.push(
          rowFor(
            via,
            provider,
            DEFAULT_GROUP,
            op.operationId,
            [],
            [exception(provider, op.operationId, 'the conformance script did not reach this operation')],
          ),
        )
      }
    }
  }

  // 2. Every scenario against every operation it covers, each scenario in a fresh session.
  const contracts = new Map(options.providers.map((p) => [p.name, p.contract]))
  const scenarios = options.scenarios.filter((s) => contracts.has(s.provider))
  const groups: CheckRow[][] = scenarios.map(() => [])
  await pool(scenarios, transport.concurrency, async (scenario, index) => {
    const provider = scenario.provider as ProviderName
    const session = `standin-check-${via}-${index}`
    const perRequest = !scenario.emptyWorld
    await transport.openSession(session, perRequest ? [] : [scenario.name], scriptEnd, credentials)
    const covered = Object.keys(scenario.operations)
    const targets =
      covered.includes('*') || covered.length === 0
        ? (contracts.get(provider)?.operations ?? []).map((o) => o.operationId)
        : covered
    const out = groups[index] as CheckRow[]
    try {
      for (const operationId of targets) {
        const sample = samples.get(`${provider}.${operationId}`)
        if (!sample) {
          out.push(
            rowFor(
              via,
              provider,
              scenario.name,
              operationId,
              [],
              [
                exception(
                  provider,
                  operationId,
                  'no sample request: the conformance script did not reach this operation',
                ),
              ],
            ),
          )
          continue
        }
        const action = scenario.operations[operationId] ?? scenario.operations['*']
        const reason = action && transport.cannotCheck ? transport.cannotCheck(action) : null
        if (reason) {
          out.push({ ...rowFor(via, provider, scenario.name, operationId, [], []), result: 'skip', note: reason })
          continue
        }
        const reply = await transport.send(sample, session, perRequest ? scenario.name : undefined)
        if (reply.fault && reply.status === 0) {
          out.push({
            ...rowFor(via, provider, scenario.name, operationId, [], []),
            result: 'skip',
            note: `fault ${reply.fault}: no HTTP answer to validate (the adapters carry it out on the wire)`,
          })
          continue
        }
        out.push(
          rowFor(
            via,
            provider,
            scenario.name,
            operationId,
            [reply.status],
            judge(sample, reply),
            reply.fault ? `fault ${reply.fault}: the status and full body it starts from were validated` : undefined,
          ),
        )
      }
    } finally {
      transport.closeSession(session)
    }
  })
  for (const group of groups) rows.push(...group)
  return rows
}
