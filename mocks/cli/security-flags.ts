/**
 * `standin serve`'s security and shutdown flags (docs/security.md): their help lines, their parsing into server
 * options, and the banner lines that say who can reach the server and with which admin token.
 */
import { ADMIN_TOKEN_ENV, ADMIN_TOKEN_HEADER } from '../http/admin-auth.js'
import { DEFAULT_CORS_ORIGINS, invalidCorsOrigin } from '../http/cors.js'
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../http/lifecycle.js'
import { UsageError } from './args.js'
import { parseDuration } from './limit-flags.js'

/** For parseFlags. */
export const SECURITY_FLAG_SPECS = {
  'allowed-host': { type: 'string', multiple: true },
  'cors-origin': { type: 'string', multiple: true },
  'admin-token': { type: 'string' },
  'shutdown-timeout': { type: 'string' },
} as const

export const SECURITY_FLAGS_HELP = `  --allowed-host NAME       also answer requests whose Host is NAME (repeatable; * for any). Default: loopback
                            names, IP addresses, the bound name; a name not listed is refused (421)
  --cors-origin ORIGIN      browser origins that may call the provider APIs (repeatable; patterns such as
                            http://*.localhost:*; * for any). Default: http(s)://localhost, 127.0.0.1, [::1],
                            *.localhost on any port. The admin API never answers other origins
  --admin-token TOKEN       require this token on every admin request (${ADMIN_TOKEN_HEADER} or
                            Authorization: Bearer). Also ${ADMIN_TOKEN_ENV}. Reachable beyond loopback
                            (--host, --allowed-host) without one: a token is generated and printed once
  --shutdown-timeout DUR    on SIGTERM/SIGINT, answer what has arrived, then cut what is left after DUR
                            (e.g. 10s, 500ms; default ${DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000}s)
`

type SecurityValues = {
  'allowed-host'?: string[]
  'cors-origin'?: string[]
  'admin-token'?: string
  'shutdown-timeout'?: string
}

export interface SecurityFlags {
  allowedHosts: string[]
  corsOrigins: readonly string[]
  adminToken: string | undefined
  /** Where the token came from, for the banner. */
  adminTokenFrom: '--admin-token' | typeof ADMIN_TOKEN_ENV | undefined
  shutdownTimeoutMs: number
}

export function parseSecurityFlags(values: SecurityValues, env: NodeJS.ProcessEnv = process.env): SecurityFlags {
  const corsOrigins = values['cors-origin'] ?? DEFAULT_CORS_ORIGINS
  const bad = invalidCorsOrigin(corsOrigins)
  if (bad) throw new UsageError(bad)
  for (const host of values['allowed-host'] ?? []) {
    if (host !== '*' && !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+)(:\d{1,5})?$/.test(host))
      throw new UsageError(`--allowed-host must be a host name such as standin.internal (or *), got "${host}"`)
  }
  const flag = values['admin-token']
  const fromEnv = env[ADMIN_TOKEN_ENV]
  const adminToken = flag ?? (fromEnv === '' ? undefined : fromEnv)
  if (adminToken !== undefined && !/^[\x21-\x7e]{16,512}$/.test(adminToken)) {
    throw new UsageError(
      `${flag !== undefined ? '--admin-token' : ADMIN_TOKEN_ENV} must be 16 to 512 visible ASCII characters without spaces`,
    )
  }
  return {
    allowedHosts: values['allowed-host'] ?? [],
    corsOrigins,
    adminToken,
    adminTokenFrom: flag !== undefined ? '--admin-token' : adminToken !== undefined ? ADMIN_TOKEN_ENV : undefined,
    shutdownTimeoutMs:
      values['shutdown-timeout'] === undefined
        ? DEFAULT_SHUTDOWN_TIMEOUT_MS
        : shutdownTimeout(values['shutdown-timeout']),
  }
}

/** A shutdown deadline: a duration above 0 (0 would cut every request that has arrived, the opposite of the flag). */
function shutdownTimeout(value: string): number {
  const ms = parseDuration('shutdown-timeout', value)
  if (ms === 0) throw new UsageError(`--shutdown-timeout must be above 0 (such as 500ms or 10s), got "${value}"`)
  return ms
}

/** The banner's admin line: where the admin API is and what it takes. A generated token is shown here, once. */
export function adminBannerLine(
  url: string,
  running: { adminToken: string | undefined; adminTokenGenerated: boolean },
  flags: SecurityFlags,
): string {
  const where = `  admin      ${url}/__standin/   spec: ${url}/openapi/standin-admin.yaml`
  if (running.adminToken === undefined) return `${where}\n             open to loopback callers only (no admin token)`
  const token = running.adminTokenGenerated
    ? `token ${running.adminToken} (generated; shown only now; send it as ${ADMIN_TOKEN_HEADER} or Authorization: Bearer)`
    : `token from ${flags.adminTokenFrom ?? 'the options'} (send it as ${ADMIN_TOKEN_HEADER} or Authorization: Bearer)`
  return `${where}\n             ${token}`
}
