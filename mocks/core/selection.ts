/**
 * Per-request scenario selection, parsed in the engine so that every adapter behaves the same:
 * - `Prefer: scenario=<name>` (several comma-separated preferences allowed),
 * - Prism's own `Prefer: code=<status>`, `example=<name>`, `dynamic=true`,
 * - `X-Standin-Scenario: <name>[, <name>...]` for clients that cannot set Prefer.
 */

export interface RequestSelection {
  scenarios: string[]
  /** Prism's `code=`: serve the spec's example for this status. */
  code?: string
  /** Prism's `example=`: serve the spec example with this name. */
  example?: string
  /** Prism's `dynamic=true`: our dynamic answer is the stateful default behaviour. */
  dynamic: boolean
}

function unquote(v: string): string {
  const t = v.trim()
  return t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t
}

export function parseSelection(headers: Record<string, string>): RequestSelection {
  const out: RequestSelection = { scenarios: [], dynamic: false }
  const prefer = headers.prefer
  if (prefer) {
    // RFC 7240: preferences are separated by commas; each is token[=value] with optional ;parameters.
    for (const part of prefer.split(',')) {
      for (const pref of part.split(';')) {
        const eq = pref.indexOf('=')
        const key = (eq < 0 ? pref : pref.slice(0, eq)).trim().toLowerCase()
        const value = eq < 0 ? '' : unquote(pref.slice(eq + 1))
        if (key === 'scenario' && value) out.scenarios.push(value)
        else if (key === 'code' && value) out.code = value
        else if (key === 'example' && value) out.example = value
        else if (key === 'dynamic') out.dynamic = value === '' || value === 'true'
      }
    }
  }
  const header = headers['x-standin-scenario']
  if (header)
    out.scenarios.push(
      ...header
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
  return out
}
