/**
 * API-key authentication and scope checks for the sandbox.
 *
 * Key format (documented prefixes): `sk_live_`, `sk_sandbox_` or `sk_test_` followed by at least 16 characters of
 * `[A-Za-z0-9_]`. The sandbox has no key registry: any well-formed key is accepted as a key of the session's sandbox
 * org, with the role `tenant_admin`, UNLESS it names a role by this standin convention:
 *
 *   sk_test_<role>_<16+ chars of [A-Za-z0-9_]>   role: admin | operator | reviewer | brand | auditor
 *
 * e.g. `sk_test_auditor_0123456789abcdef` is a `tenant_auditor` key, `sk_test_reviewer_0123456789abcdef` a
 * `tenant_reviewer` one. The role's scopes (docs/inferred.md, "roles -> scopes") are checked against the operation's
 * `x-standin-scopes`; `*` grants every scope, and an operation that needs `*` needs a role that has `*`.
 */
import type { OperationInfo } from '../core/contract.js'
import type { AuthOutcome } from '../core/types.js'

const ROLES = ['tenant_admin', 'tenant_operator', 'tenant_reviewer', 'tenant_brand', 'tenant_auditor'] as const
type Role = (typeof ROLES)[number]

/** Inferred (docs/inferred.md, "roles -> scopes"): the roles are documented, their scopes are not. */
const ROLE_SCOPES: Readonly<Record<Role, readonly string[]>> = {
  tenant_admin: ['*'],
  tenant_operator: ['rights:write', 'delivery:write', 'offers:write', 'challenges:write', 'settlement:read'],
  tenant_reviewer: ['challenges:write'],
  tenant_brand: ['offers:write'],
  tenant_auditor: ['settlement:read'],
}

export const KEY_PREFIXES = ['sk_live_', 'sk_sandbox_', 'sk_test_'] as const

const WELL_FORMED = /^(sk_live_|sk_sandbox_|sk_test_)[A-Za-z0-9_]{16,}$/
const ROLE_KEY = /^sk_test_(admin|operator|reviewer|brand|auditor)_[A-Za-z0-9_]{16,}$/

interface EnfinitosPrincipal {
  [key: string]: unknown
  role: Role
  orgId: string
  keyPrefix: (typeof KEY_PREFIXES)[number]
}

/** The principal a key stands for, or null when the key is malformed. */
function principalForKey(key: string, orgId: string): EnfinitosPrincipal | null {
  // A client sends the same key request after request: the last one's reading is kept.
  if (key !== lastKey.key) {
    const match = WELL_FORMED.exec(key)
    const named = match ? ROLE_KEY.exec(key) : null
    lastKey = match
      ? {
          key,
          role: named ? (`tenant_${named[1]}` as Role) : 'tenant_admin',
          keyPrefix: match[1] as EnfinitosPrincipal['keyPrefix'],
        }
      : { key, role: null, keyPrefix: null }
  }
  const { role, keyPrefix } = lastKey
  return role === null || keyPrefix === null ? null : { role, orgId, keyPrefix }
}
let lastKey: { key: string; role: Role | null; keyPrefix: EnfinitosPrincipal['keyPrefix'] | null } = {
  key: '',
  role: null,
  keyPrefix: null,
}

/** The scopes an operation needs (`x-standin-scopes`); reads declare none. */
export function requiredScopes(operation: OperationInfo): string[] {
  const raw = operation.extensions['x-standin-scopes']
  return Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : []
}

function roleHasScope(role: Role, scope: string): boolean {
  const scopes = ROLE_SCOPES[role]
  return scopes.includes('*') || scopes.includes(scope)
}

/** Authenticates a bearer key for `operation` on behalf of the sandbox org `orgId`. */
export function authenticateKey(key: string, operation: OperationInfo, orgId: string): AuthOutcome {
  const principal = principalForKey(key, orgId)
  if (!principal) {
    const message = `malformed API key: expected ${KEY_PREFIXES.join(', ')} followed by at least 16 characters [A-Za-z0-9_]`
    return {
      ok: false,
      error: { status: 401, message, details: [{ path: '/header/authorization', message }] },
    }
  }
  const missing = requiredScopes(operation).find((scope) => !roleHasScope(principal.role, scope))
  if (missing !== undefined) {
    return {
      ok: false,
      error: {
        status: 403,
        message: `This key (role ${principal.role}) lacks the scope ${missing}.`,
        details: [{ path: '/header/authorization', message: `scope ${missing} required (role ${principal.role})` }],
      },
    }
  }
  return { ok: true, principal }
}
