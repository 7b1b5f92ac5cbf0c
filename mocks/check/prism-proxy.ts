/**
 * Stoplight Prism as a validating proxy: `prism proxy <spec> <upstream> --errors`. Prism checks each request against
 * the spec before forwarding it (with `--errors` an invalid one is answered by Prism itself: 401, 415 or 422
 * problem+json), and each upstream response after it (an invalid one becomes a 500 problem+json; lesser problems are
 * listed in the `sl-violations` header). One Prism per spec: each spec is its own proxy.
 */

import type { Finding } from '../core/conformance.js'
import { launchPrism, type PrismInstall, type RunningPrism } from '../prism.js'
import type { Reply } from './matrix.js'

/** A running `prism proxy` (the same handle as `prism mock`). */
export type RunningPrismProxy = RunningPrism

interface PrismProxyOptions {
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
  return launchPrism(prismProxyArgs(options), {
    ...(options.install ? { install: options.install } : {}),
    ...(options.startTimeoutMs ? { timeoutMs: options.startTimeoutMs } : {}),
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
