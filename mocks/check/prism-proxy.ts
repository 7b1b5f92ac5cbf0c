/**
 * Stoplight Prism as a validating proxy: `prism proxy <spec> <upstream> --errors`. Prism checks each request against
 * the spec before forwarding it (with `--errors` an invalid one is answered by Prism itself: 401, 415 or 422
 * problem+json), and each upstream response after it (an invalid one becomes a 500 problem+json; lesser problems are
 * listed in the `sl-violations` header). One Prism per spec: each spec is its own proxy.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { type PrismInstall, resolvePrism } from '../prism.js'
import type { Finding } from './findings.js'
import type { Reply } from './matrix.js'

export interface RunningPrismProxy {
  child: ChildProcess
  url: string
  version: string
  /** Prism's recent output (for error messages). */
  output(): string
  stop(): Promise<void>
}

export interface PrismProxyOptions {
  spec: string
  upstream: string
  host?: string
  port?: number
  install?: PrismInstall
  startTimeoutMs?: number
}

/** The argument vector of `prism proxy` (after the bin). */
export function prismProxyArgs(options: PrismProxyOptions): string[] {
  return [
    'proxy',
    options.spec,
    options.upstream,
    '--errors',
    '-p',
    String(options.port ?? 0),
    '-h',
    options.host ?? '127.0.0.1',
  ]
}

/** Starts `prism proxy` and resolves once it listens (rejects with its output if it exits or hangs first). */
export function startPrismProxy(options: PrismProxyOptions): Promise<RunningPrismProxy> {
  const install = options.install ?? resolvePrism()
  const timeoutMs = options.startTimeoutMs ?? 60_000
  const child = spawn(process.execPath, [install.bin, ...prismProxyArgs(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const onOutput = (d: Buffer) => {
    out += d.toString('utf8')
    // Prism logs every request; keep only the tail for error messages.
    if (out.length > 64_000) out = out.slice(-16_000)
  }
  child.stdout?.on('data', onOutput)
  child.stderr?.on('data', onOutput)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    let listening = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${out.slice(-4000)}`))
    }, timeoutMs)
    const onData = () => {
      const m = /Prism is listening on (http:\/\/\S+)/.exec(out)
      if (!m) return
      listening = true
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      resolve({ child, url: m[1] as string, version: install.version, output: () => out, stop })
    }
    child.stdout?.on('data', onData)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    exited.then((code) => {
      clearTimeout(timer)
      if (!listening) reject(new Error(`Prism exited with code ${code} before listening:\n${out.slice(-4000).trim()}`))
    })
  })
}

interface PrismViolation {
  location?: (string | number)[]
  severity?: string
  code?: string | number
  message?: string
}

const PRISM_ERROR = 'https://stoplight.io/prism/errors#'

/** `['response', 'body', 'data', 'id']` -> `/data/id` (body locations as JSON pointers, others dotted). */
function locationOf(location: (string | number)[] | undefined): string {
  const parts = (location ?? []).map(String)
  if (parts[1] === 'body' && (parts[0] === 'response' || parts[0] === 'request')) {
    const rest = parts.slice(2).map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
    return `${parts[0]} /${rest.join('/')}`
  }
  return parts.join('.') || '/'
}

function violationFinding(provider: string, operationId: string, status: number, v: PrismViolation): Finding {
  const code = v.code === undefined ? '' : ` [${v.code}]`
  return {
    provider,
    operationId,
    status,
    kind: 'prism',
    path: locationOf(v.location),
    message: `Prism ${v.severity ?? 'Error'}${code}: ${v.message ?? 'violation'}`,
    basis: 'documented',
  }
}

/** Is this answer Prism's own error (not standin's, forwarded)? Its problem+json `type` names a Prism error. */
export function prismOwnError(
  reply: Pick<Reply, 'headers' | 'bodyText'>,
): { type: string; body: Record<string, unknown> } | null {
  const type = reply.headers['content-type'] ?? ''
  if (!type.includes('problem+json')) return null
  try {
    const body = JSON.parse(reply.bodyText) as Record<string, unknown>
    return typeof body.type === 'string' && body.type.startsWith(PRISM_ERROR) ? { type: body.type, body } : null
  } catch {
    return null
  }
}

/** Every violation Prism reports on an answer: its `sl-violations` header and its own error responses. */
export function prismFindings(provider: string, operationId: string, reply: Reply): Finding[] {
  const out: Finding[] = []
  const header = reply.headers['sl-violations']
  if (header) {
    try {
      const list = JSON.parse(header) as PrismViolation[]
      for (const v of list) out.push(violationFinding(provider, operationId, reply.status, v))
    } catch {
      out.push(violationFinding(provider, operationId, reply.status, { message: header.slice(0, 500) }))
    }
  }
  const own = prismOwnError(reply)
  if (own) {
    const title = typeof own.body.title === 'string' ? own.body.title : own.type.slice(PRISM_ERROR.length)
    const detail = typeof own.body.detail === 'string' ? own.body.detail : ''
    out.push({
      provider,
      operationId,
      status: reply.status,
      kind: 'prism',
      path: '/',
      message: `Prism answered ${reply.status} ${title}${detail ? `: ${detail}` : ''}`,
      basis: 'documented',
    })
    const validation = Array.isArray(own.body.validation) ? (own.body.validation as PrismViolation[]) : []
    for (const v of validation) out.push(violationFinding(provider, operationId, reply.status, v))
  }
  // With --errors, the violations of Prism's own error are also in its sl-violations header: keep each once.
  const seen = new Set<string>()
  return out.filter((f) => {
    const key = `${f.path}|${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
