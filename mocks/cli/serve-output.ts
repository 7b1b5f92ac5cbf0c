/**
 * Everything `standin serve` prints, in one place, so `--log json` can keep its promise: every line is one JSON object
 * (the banner, each request, webhook deliveries, warnings, the signal notice, the shutdown report, errors, even Node's
 * own warnings), and `pretty` prints the same events for people. `silent` prints the banner only (and errors).
 */
import type { LogMode } from './serve-flags.js'

type Line = Record<string, unknown>

/** A writer for one stream that gathers lines and writes them once per turn of the event loop. */
function lineWriter(stream: NodeJS.WritableStream): (line: string) => void {
  // The request log was a fifth of the CPU under load with one synchronous write per request.
  let pending: string[] = []
  const flush = () => {
    if (pending.length === 0) return
    const text = `${pending.join('\n')}\n`
    pending = []
    stream.write(text)
  }
  process.on('exit', flush)
  return (line) => {
    if (pending.length === 0) setImmediate(flush)
    pending.push(line)
  }
}

/** One request (or webhook delivery, or server warning) as the pretty log prints it. */
export function prettyRequestLine(line: Line): string {
  if (line.level === 'error' || line.level === 'warn') return `${line.level}: ${line.message}`
  if (line.event === 'webhook')
    return `webhook ${line.attempt} -> ${line.host}: ${line.receiverStatus ?? line.error} ${line.ms} ms`
  const operation = line.operation ? ` ${line.operation}` : ''
  const scenario = line.scenario ? ` [${line.scenario}]` : ''
  const session = line.session !== 'default' ? ` (session ${line.session})` : ''
  return `${line.method} ${line.path} -> ${line.status}${operation}${scenario}${session} ${line.ms} ms`
}

export interface ServeOutput {
  readonly mode: LogMode
  /** The server's request log callback (undefined when silent: the server then does not build the lines at all). */
  readonly requestLog: ((line: Line) => void) | undefined
  /** The start-up banner: `text` for people, `fields` for JSON (its message is the banner's first line). */
  banner(text: string, fields: Line): void
  /** Something worth saying while running (a signal, a warning, the shutdown report). Not printed when silent. */
  event(level: 'info' | 'warn', event: string, message: string, fields?: Line): void
  /** A warning that is printed whatever the mode (it is about safety, e.g. bound beyond loopback). */
  warning(event: string, message: string, fields?: Line): void
}

export function createServeOutput(
  mode: LogMode,
  streams: { out: NodeJS.WritableStream } = { out: process.stdout },
): ServeOutput {
  const out = lineWriter(streams.out)
  const json = (line: Line) => out(JSON.stringify(line))
  const say = (level: string, event: string, message: string, fields: Line = {}) =>
    mode === 'json'
      ? json({ level, event, message, ...fields })
      : out(level === 'warn' ? `warning: ${message}` : message)
  return {
    mode,
    requestLog: mode === 'silent' ? undefined : mode === 'json' ? json : (line) => out(prettyRequestLine(line)),
    banner(text, fields) {
      if (mode === 'json') json({ level: 'info', event: 'listening', ...fields })
      else out(text)
    },
    event(level, event, message, fields) {
      if (mode !== 'silent') say(level, event, message, fields)
    },
    warning(event, message, fields) {
      say('warn', event, message, fields)
    },
  }
}

/**
 * With `--log json`, Node's own warnings (deprecations, MaxListeners...) are printed as JSON lines on stdout instead
 * of Node's plain text on stderr. Node prints them from its own 'warning' listener, replaced here.
 */
export function routeProcessWarnings(output: ServeOutput): void {
  if (output.mode !== 'json') return
  process.removeAllListeners('warning')
  process.on('warning', (w: Error & { code?: string }) =>
    output.warning('node-warning', w.message, { name: w.name, ...(w.code ? { code: w.code } : {}) }),
  )
}

/** A failure of `standin serve` (usage or runtime) as one JSON line, for `--log json` (on stderr, like the text). */
export function jsonErrorLine(message: string, exitCode: number, hint?: string): string {
  return JSON.stringify({ level: 'error', event: 'exit', message, exitCode, ...(hint ? { hint } : {}) })
}
