/**
 * The scenarios every provider's catalogue has, built from its name and contract:
 * - the cross-cutting scenarios every provider has (rate limited, internal error, unavailable, flaky-then-ok, slow,
 *   network error, connection reset, timeout, truncated body), covering every operation (`*`);
 * - one scenario per (operation, declared error status) that no hand-written scenario covers, serving the spec's own
 *   example, so the catalogue covers every error response the spec declares; the 507 a full session gets from
 *   `standin serve` (core/budget.ts) is one scenario, `<provider>:session-full`, over every operation declaring it.
 */
import type { Contract } from './contract.js'
import type { Scenario, ScenarioAction } from './scenarios.js'

/** The slug a scenario name uses for an error status. */
const STATUS_SLUGS: Record<string, string> = {
  '400': 'validation-failed',
  '401': 'unauthorized',
  '403': 'forbidden',
  '404': 'not-found',
  '409': 'conflict',
  '412': 'precondition-failed',
  '413': 'payload-too-large',
  '415': 'unsupported-media-type',
  '429': 'rate-limited',
  '500': 'internal-error',
  '503': 'unavailable',
}

/** Statuses the cross-cutting scenarios already cover for every operation. */
const CROSS_CUTTING_STATUSES = new Set(['429', '500', '503', '507'])

export function crossCuttingScenarios(provider: string, label: string): Scenario[] {
  const all = (s: Omit<Scenario, 'provider'>): Scenario => ({ provider, ...s })
  return [
    all({
      name: `${provider}:rate-limited`,
      description: `Every ${label} call answers 429 with Retry-After: 30.`,
      operations: {
        '*': {
          kind: 'error',
          error: { status: 429, message: 'rate limit exceeded; retry after 30 s', headers: { 'retry-after': '30' } },
        },
      },
    }),
    all({
      name: `${provider}:internal-error`,
      description: `Every ${label} call answers 500.`,
      operations: { '*': { kind: 'error', error: { status: 500, message: 'internal error' } } },
    }),
    all({
      name: `${provider}:unavailable`,
      description: `Every ${label} call answers 503 with Retry-After: 5 (maintenance).`,
      operations: {
        '*': {
          kind: 'error',
          error: { status: 503, message: 'service unavailable; retry after 5 s', headers: { 'retry-after': '5' } },
        },
      },
    }),
    all({
      name: `${provider}:flaky-then-ok`,
      description: `Each ${label} operation answers 503, 503, then behaves normally: exercises retry with backoff.`,
      operations: {
        '*': {
          kind: 'sequence',
          steps: [
            {
              kind: 'error',
              error: { status: 503, message: 'service unavailable; retry after 1 s', headers: { 'retry-after': '1' } },
            },
            {
              kind: 'error',
              error: { status: 503, message: 'service unavailable; retry after 1 s', headers: { 'retry-after': '1' } },
            },
          ],
          afterLast: 'default',
        },
      },
    }),
    all({
      name: `${provider}:slow`,
      description: `Every ${label} call behaves normally after a 2 s delay.`,
      operations: { '*': { kind: 'default', delayMs: 2000 } },
    }),
    all({
      name: `${provider}:network-error`,
      description: `Every ${label} call fails at the network level (fetch rejects; the socket is destroyed).`,
      operations: { '*': { kind: 'fault', fault: { kind: 'network-error' } } },
    }),
    all({
      name: `${provider}:connection-reset`,
      description: `Every ${label} call has its connection reset before any response byte.`,
      operations: { '*': { kind: 'fault', fault: { kind: 'reset' } } },
    }),
    all({
      name: `${provider}:timeout`,
      description: `Every ${label} call hangs for 10 s without an answer, then the connection closes.`,
      operations: { '*': { kind: 'fault', fault: { kind: 'timeout', afterMs: 10_000 } } },
    }),
    all({
      name: `${provider}:truncated-body`,
      description: `Every ${label} call sends its headers and half of its body, then closes the connection.`,
      operations: { '*': { kind: 'fault', fault: { kind: 'truncated-body' } } },
    }),
  ]
}

/**
 * For every (operation, declared error status) not covered by a hand-written scenario nor by the cross-cutting ones,
 * a scenario that serves the spec's first example for that status: `<provider>:<area>.<slug>`.
 */
export function specErrorScenarios(
  provider: string,
  contract: Contract,
  areaOf: Record<string, string>,
  handWritten: Scenario[],
): Scenario[] {
  const covered = new Set<string>()
  for (const s of handWritten) {
    for (const [operationId, action] of Object.entries(s.operations)) {
      const status =
        action.kind === 'error'
          ? String(action.error.status)
          : action.kind === 'respond' || action.kind === 'example'
            ? String(action.status)
            : null
      if (status) covered.add(`${operationId}|${status}`)
    }
  }
  const out: Scenario[] = []
  const full: Scenario = { name: `${provider}:session-full`, provider, description: SESSION_FULL, operations: {} }
  for (const op of contract.operations) {
    const area = areaOf[op.operationId]
    if (!area) throw new Error(`${provider}: no scenario area for ${op.operationId}`)
    for (const r of op.responses) {
      if (r.status === '507') full.operations[op.operationId] = SESSION_FULL_ACTION
      if (
        !/^[45]\d\d$/.test(r.status) ||
        CROSS_CUTTING_STATUSES.has(r.status) ||
        covered.has(`${op.operationId}|${r.status}`)
      )
        continue
      const slug = STATUS_SLUGS[r.status] ?? `status-${r.status}`
      out.push({
        name: `${provider}:${area}.${slug}`,
        provider,
        description: `${op.operationId} answers ${r.status} with the spec's example.`,
        operations: { [op.operationId]: { kind: 'example', status: r.status } },
      })
    }
  }
  return Object.keys(full.operations).length > 0 ? [...out, full] : out
}

const SESSION_FULL =
  'Every write answers 507 as `standin serve` does when a session holds its limit of records (X-Standin-Limit names it).'

/** The answer of a full session (core/budget.ts), with the header naming the limit and the flag that raises it. */
const SESSION_FULL_ACTION: ScenarioAction = {
  kind: 'error',
  error: {
    status: 507,
    message: 'this session holds 10000 stored records, its limit; reset the session or use a new one',
    headers: { 'x-standin-limit': 'session-records; limit=10000; raise=--session-max-records' },
  },
}
