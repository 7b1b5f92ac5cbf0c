/**
 * The scenario model: a named, described set of per-operation actions. Scenarios compose (several active at once,
 * the first that covers an operation decides) and are looked up by name with close-match suggestions.
 */
import { ScenarioDefinitionError, type ScenarioDefinitionField, UnknownScenarioError } from './errors.js'
import type { ErrorInput, Fault, MockResponse, OperationCall } from './types.js'

interface ActionBase {
  /** Wait this long before answering (or before the fault). */
  delayMs?: number
}

export type ScenarioAction =
  /** A static response; the body is served as it is (scenario files type it against the generated types). */
  | (ActionBase & { kind: 'respond'; status: number; body?: unknown; headers?: Record<string, string> })
  /** An error in the provider's own envelope. */
  | (ActionBase & { kind: 'error'; error: ErrorInput })
  /** A failure on the wire. */
  | (ActionBase & { kind: 'fault'; fault: Fault })
  /** The default stateful behaviour (useful inside sequences and to add only a delay). */
  | (ActionBase & { kind: 'default' })
  /** A named example from the spec, as Prism serves them. */
  | (ActionBase & { kind: 'example'; status: string; example?: string })
  /** Custom code: gets the validated call and `next()` (the default behaviour). */
  | (ActionBase & {
      kind: 'custom'
      // biome-ignore lint/suspicious/noExplicitAny: a scenario's custom code is typed in the scenario file.
      run: (call: OperationCall<any>, next: () => Promise<MockResponse>) => MockResponse | Promise<MockResponse>
    })
  /** One action per call, in order; after the last: repeat it, cycle, or fall back to the default behaviour. */
  | (ActionBase & { kind: 'sequence'; steps: ScenarioAction[]; afterLast?: 'repeat-last' | 'cycle' | 'default' })

export interface Scenario {
  /** `provider:area.operation.case`, e.g. `enfinitos:rights.issue.basis-not-found`. */
  name: string
  /** One line, shown in `standin scenarios` and the README. */
  description: string
  provider: string
  /** Start the provider's world empty while this scenario is active. */
  emptyWorld?: boolean
  /** Actions by operationId; `*` covers every operation of the provider. */
  operations: Record<string, ScenarioAction>
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = tmp
    }
  }
  return prev[b.length] as number
}

export class ScenarioRegistry {
  private byName = new Map<string, Scenario>()
  /** Scenarios of providers that exist but are not served here: kept out, so selecting one says why. */
  private setAside = new Map<string, Scenario>()

  /**
   * With `served` (provider name -> operationIds, as an engine passes it) every scenario is checked (checkScenario):
   * one of a served provider must name its operations right; one whose provider is a near miss of a served one
   * (`Enfinitos`, `enfinitso`) is refused as a typo; one of another provider is set aside (a list of scenarios shared
   * by sandboxes that serve different providers), and selecting it names its provider and the served ones.
   */
  constructor(
    scenarios: Iterable<Scenario> = [],
    private readonly served?: ReadonlyMap<string, readonly string[]>,
  ) {
    for (const s of scenarios) this.add(s)
  }

  add(scenario: Scenario): void {
    if (this.byName.has(scenario.name) || this.setAside.has(scenario.name)) {
      throw new ScenarioDefinitionError(scenario.name, 'name', scenario.name, [], 'is defined twice (names are unique)')
    }
    const { served } = this
    if (
      served &&
      !served.has(scenario.provider) &&
      closeMatches(String(scenario.provider), served.keys()).length === 0
    ) {
      // Checked against its own name only: its operations are those of a provider this registry does not know.
      checkScenario({ ...scenario, operations: {} }, new Map([[scenario.provider, []]]))
      this.setAside.set(scenario.name, scenario)
      return
    }
    if (served) checkScenario(scenario, served)
    this.byName.set(scenario.name, scenario)
  }

  has(name: string): boolean {
    return this.byName.has(name)
  }

  get(name: string): Scenario {
    const s = this.byName.get(name)
    if (!s) throw this.unknown(name)
    return s
  }

  /** The error for a name that cannot be selected here: unknown (with close matches), or of a provider not served. */
  unknown(name: string): UnknownScenarioError {
    const aside = this.setAside.get(name)
    if (!aside) return new UnknownScenarioError(name, this.closeMatches(name))
    const served = [...(this.served?.keys() ?? [])].join(', ')
    return new UnknownScenarioError(
      name,
      [],
      `scenario "${name}" is for ${aside.provider}, which is not served here (served: ${served})`,
    )
  }

  list(provider?: string): Scenario[] {
    return [...this.byName.values()].filter((s) => provider === undefined || s.provider === provider)
  }

  /** Up to three names close to `name`: same words in another order, a typo, or a name that contains it. */
  closeMatches(name: string): string[] {
    // Names are short; a long one is no typo, and comparing it would cost time on every such request.
    if (name.length > 200) return []
    const needle = name.toLowerCase()
    return [...this.byName.keys()]
      .filter((candidate) => Math.abs(candidate.length - needle.length) <= Math.max(needle.length, 12))
      .map((candidate) => {
        const c = candidate.toLowerCase()
        const contains = c.includes(needle) || needle.includes(c.split(':')[1] ?? c)
        return { candidate, score: contains ? 0 : distance(needle, c) }
      })
      .filter((x) => x.score <= Math.max(3, Math.floor(needle.length / 3)))
      .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
      .slice(0, 3)
      .map((x) => x.candidate)
  }
}

/**
 * Up to three of `candidates` close to `needle`, best first: the same text in another case, one that contains the
 * other, or a typo (edit distance at most a third of the length, and at least 2). For provider names and operationIds.
 */
export function closeMatches(needle: string, candidates: Iterable<string>): string[] {
  if (needle.length > 200) return []
  const n = needle.toLowerCase()
  const limit = Math.max(2, Math.floor(n.length / 3))
  return [...candidates]
    .map((candidate) => {
      const c = candidate.toLowerCase()
      return { candidate, score: c === n ? 0 : n.length >= 3 && (c.includes(n) || n.includes(c)) ? 1 : distance(n, c) }
    })
    .filter((x) => x.score <= limit)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map((x) => x.candidate)
}

/** Characters a scenario name cannot hold: the selection headers split on them (core/selection.ts). */
const UNSELECTABLE = /[\s,;"]/

const AFTER_LAST = new Set(['repeat-last', 'cycle', 'default'])

/**
 * Checks that a scenario can answer as written, against the providers an engine serves (name -> operationIds):
 * a selectable name, a served provider, operationIds of that provider (or `*`), well-formed actions. Throws a
 * ScenarioDefinitionError naming the field and the close matches; bodies are left to response validation.
 */
export function checkScenario(scenario: Scenario, served: ReadonlyMap<string, readonly string[]>): void {
  const fail: Fail = (field, value, problem, suggestions = []) => {
    throw new ScenarioDefinitionError(String(scenario.name), field, value, suggestions, problem)
  }
  const { name, provider, operations } = scenario
  if (typeof name !== 'string' || name === '') fail('name', String(name), 'a scenario needs a non-empty name')
  if (UNSELECTABLE.test(name)) fail('name', name, 'a name cannot hold spaces, commas, semicolons or quotes')
  if (typeof scenario.description !== 'string') fail('description', '', 'a scenario needs a description')
  const operationIds = served.get(provider)
  if (!operationIds) {
    const names = [...served.keys()]
    const problem = `unknown provider "${provider}" (served here: ${names.join(', ') || 'none'})`
    fail('provider', String(provider), problem, closeMatches(String(provider), names))
  }
  if (typeof operations !== 'object' || operations === null) fail('operation', '', 'operations must be an object')
  for (const [operationId, action] of Object.entries(operations)) {
    if (operationId !== '*' && !operationIds.includes(operationId)) {
      const problem = `${provider} has no operation "${operationId}"`
      fail('operation', operationId, problem, closeMatches(operationId, operationIds))
    }
    checkAction(action, operationId, fail)
  }
}

type Fail = (field: ScenarioDefinitionField, value: string, problem: string, suggestions?: string[]) => never

const KINDS = new Set(['respond', 'error', 'fault', 'default', 'example', 'custom', 'sequence'])

function checkAction(action: ScenarioAction, where: string, fail: Fail): void {
  const kind = (action as { kind?: unknown } | undefined)?.kind
  if (typeof kind !== 'string' || !KINDS.has(kind)) {
    fail('step', String(kind), `${where}: unknown action kind "${String(kind)}" (one of ${[...KINDS].join(', ')})`)
  }
  if (action.kind !== 'sequence') return
  if (!Array.isArray(action.steps) || action.steps.length === 0) fail('step', where, `${where}: a sequence needs steps`)
  if (action.afterLast !== undefined && !AFTER_LAST.has(action.afterLast)) {
    fail('step', String(action.afterLast), `${where}: afterLast is one of ${[...AFTER_LAST].join(', ')}`)
  }
  action.steps.forEach((step, i) => {
    if (step?.kind === 'sequence') fail('step', `${where}[${i}]`, `${where}[${i}]: a sequence cannot hold a sequence`)
    checkAction(step, `${where}[${i}]`, fail)
  })
}
