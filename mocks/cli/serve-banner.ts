/**
 * `standin serve`'s start-up banner: where everything is, what is active, the limits in force. The same facts twice:
 * as lines for people, and as the fields of the `listening` JSON line for `--log json`.
 */
import { isLoopbackHost } from '../core/outbound.js'
import type { RunningServer } from '../server.js'
import { adminBannerLine } from './security-flags.js'
import type { ServeArgs } from './serve-flags.js'

interface BannerInput {
  version: string
  opts: ServeArgs
  running: Pick<RunningServer, 'url' | 'limits' | 'adminToken' | 'adminTokenGenerated'>
  providers: readonly { name: string; pathPrefix: string }[]
}

/** The options a person should know are not the defaults. */
function notes({ opts }: BannerInput): string[] {
  const { latency, values } = opts
  return [
    ...(opts.world === undefined ? [] : [`world ${opts.world}`]),
    ...(latency === undefined ? [] : [`latency ${Array.isArray(latency) ? latency.join('-') : latency} ms`]),
    ...(values['validate-responses'] === false ? ['response validation off'] : []),
    ...(opts.cors ? [] : ['CORS off']),
  ]
}

/** The first line, in both forms (test/helpers/cli.ts waits for `standin X listening on URL `). */
function headline({ version, opts, running }: BannerInput): string {
  return `standin ${version} listening on ${running.url} (seed ${opts.seed}${opts.world ? `, world ${opts.world}` : ''})`
}

export function bannerText(input: BannerInput): string {
  const { opts, running } = input
  const u = running.url
  const lines = [headline(input)]
  for (const p of input.providers) {
    lines.push(`  ${p.name.padEnd(10)} ${u}${p.pathPrefix.replace(/\/$/, '')}   spec: ${u}/openapi/${p.name}.yaml`)
  }
  lines.push(
    opts.clock
      ? `  clock      fixed, from ${opts.clock}; 1 s more per request (move it: ${u}/__standin/session/clock)`
      : `  clock      live (the wall clock); for the same bytes on every run, fix it with --clock ISO`,
  )
  const scenarios = opts.values.scenario ?? []
  lines.push(`  scenarios  ${scenarios.length ? scenarios.join(', ') : 'none active'} (list: standin scenarios)`)
  lines.push(`  dashboard  ${u}/   (live journal, sessions, scenarios, clock, operations, proof packs, webhooks)`)
  lines.push(adminBannerLine(u, running, opts.security))
  lines.push(`  health     ${u}/__standin/health`)
  const lim = running.limits
  const ttl = lim.sessionTtlMs === 0 ? 'never' : `${Math.round(lim.sessionTtlMs / 1000)} s idle`
  lines.push(
    `  limits     memory ${lim.maxMemoryMb} MB, ${lim.maxSessions} sessions, session TTL ${ttl} (docs/limits.md)`,
  )
  const extra = notes(input)
  if (extra.length) lines.push(`  options    ${extra.join(', ')}`)
  return lines.join('\n')
}

/** The `listening` JSON line's fields. A generated admin token is in it, once, as it is in the text banner. */
export function bannerFields(input: BannerInput): Record<string, unknown> {
  const { version, opts, running } = input
  const u = running.url
  const admin: Record<string, unknown> = { url: `${u}/__standin/`, spec: `${u}/openapi/standin-admin.yaml` }
  if (running.adminToken === undefined) admin.access = 'loopback callers only (no admin token)'
  else if (running.adminTokenGenerated) admin.token = running.adminToken
  else admin.tokenFrom = opts.security.adminTokenFrom ?? 'the options'
  return {
    message: headline(input),
    version,
    url: u,
    seed: opts.seed,
    ...(opts.world ? { world: opts.world } : {}),
    clock: opts.clock ? { mode: 'fixed', start: opts.clock } : { mode: 'live' },
    scenarios: opts.values.scenario ?? [],
    providers: input.providers.map((p) => ({
      name: p.name,
      url: `${u}${p.pathPrefix.replace(/\/$/, '')}`,
      spec: `${u}/openapi/${p.name}.yaml`,
    })),
    home: `${u}/`,
    admin,
    health: `${u}/__standin/health`,
    limits: running.limits,
    options: notes(input),
  }
}

/** Bound beyond loopback: the one warning printed in every log mode. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined
  return `bound to ${host}, not loopback: other machines on the network can reach this mock (the admin API needs its token)`
}
