/**
 * The scenario model: a named, described set of per-operation actions. Scenarios compose (several active at once,
 * the first that covers an operation decides) and are looked up by name with close-match suggestions.
 */
import { UnknownScenarioError } from './errors.js'
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

  constructor(scenarios: Iterable<Scenario> = []) {
    for (const s of scenarios) this.add(s)
  }

  add(scenario: Scenario): void {
    if (this.byName.has(scenario.name)) throw new Error(`scenario ${scenario.name} is defined twice`)
    this.byName.set(scenario.name, scenario)
  }

  has(name: string): boolean {
    return this.byName.has(name)
  }

  get(name: string): Scenario {
    const s = this.byName.get(name)
    if (!s) throw new UnknownScenarioError(name, this.closeMatches(name))
    return s
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
