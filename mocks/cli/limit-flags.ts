/** `standin serve`'s limit flags (docs/limits.md): their help lines and their parsing into ServerLimits. */
import { defaultLimits, type ServerLimits } from '../http/limits.js'
import { UsageError } from './args.js'

/** For parseFlags. */
export const LIMIT_FLAG_SPECS = {
  'max-memory': { type: 'string' },
  'max-sessions': { type: 'string' },
  'session-ttl': { type: 'string' },
  'session-max-records': { type: 'string' },
  'session-max-stored': { type: 'string' },
  'session-journal': { type: 'string' },
} as const

export function limitFlagsHelp(): string {
  const d = defaultLimits()
  return `  --max-memory MB           memory budget of the whole server; idle sessions are evicted, then writes refused
                            (503), before it is reached (default ${d.maxMemoryMb}: 512 or half the V8 heap limit)
  --max-sessions N          sessions kept; the least recently used is evicted beyond it (default ${d.maxSessions})
  --session-ttl DURATION    a session idle this long expires, e.g. 90s, 30m, 2h; 0 never (default 30m)
  --session-max-records N   successful writes one session may store; then 507 (default ${d.sessionRecords})
  --session-max-stored MB   bytes those writes may hold (request + response bodies); then 507 (default ${d.sessionStoredMb})
  --session-journal MB      journal bytes kept per session; the oldest entries go first (default ${d.sessionJournalMb})
`
}

type LimitValues = Partial<Record<keyof typeof LIMIT_FLAG_SPECS, string>>

function positiveInt(flag: string, value: string, max: number): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    throw new UsageError(`--${flag} must be an integer from 1 to ${max}, got "${value}"`)
  return n
}

/** `90s`, `30m`, `2h`, `500ms`, a bare number of seconds, or 0 (never). */
export function parseDuration(flag: string, value: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value)
  if (!m) throw new UsageError(`--${flag} must be a duration such as 90s, 30m or 2h (0 for never), got "${value}"`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']
  const ms = Number(m[1]) * unit
  if (ms > 30 * 24 * 3_600_000) throw new UsageError(`--${flag} must be at most 30 days, got "${value}"`)
  return ms
}

export function parseLimitFlags(values: LimitValues): Partial<ServerLimits> {
  const out: Partial<ServerLimits> = {}
  const v = values
  if (v['max-memory'] !== undefined) out.maxMemoryMb = positiveInt('max-memory', v['max-memory'], 1024 * 1024)
  if (v['max-sessions'] !== undefined) out.maxSessions = positiveInt('max-sessions', v['max-sessions'], 1_000_000)
  if (v['session-ttl'] !== undefined) out.sessionTtlMs = parseDuration('session-ttl', v['session-ttl'])
  if (v['session-max-records'] !== undefined)
    out.sessionRecords = positiveInt('session-max-records', v['session-max-records'], 1_000_000_000)
  if (v['session-max-stored'] !== undefined)
    out.sessionStoredMb = positiveInt('session-max-stored', v['session-max-stored'], 1024 * 1024)
  if (v['session-journal'] !== undefined)
    out.sessionJournalMb = positiveInt('session-journal', v['session-journal'], 1024 * 1024)
  return out
}
