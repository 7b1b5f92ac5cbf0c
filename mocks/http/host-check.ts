/**
 * The Host check against DNS rebinding: a web page on evil.example whose name is made to resolve to 127.0.0.1 can
 * reach a loopback server, but its requests still say `Host: evil.example`. Every route refuses a Host that names none
 * of the server's names, the mocks included: a rebound page could otherwise read and change a session's world, switch
 * scenarios (X-Standin-Scenario, Prefer) and read the home page, not only the admin API.
 *
 * Accepted, with any port (a port says nothing about rebinding, and Docker or a proxy may publish the server on another
 * one): the loopback names (localhost, *.localhost, 127.0.0.1 and the rest of 127/8, [::1]), every IP literal (a page
 * cannot rebind an address, only a name), the bound host when it is a name, this machine's hostname when the server is
 * bound beyond loopback, and the names given with `--allowed-host` (`*` turns the check off). A request without Host
 * (HTTP/1.0) passes: browsers always send one.
 */

import { isIP } from 'node:net'
import { hostname } from 'node:os'
import { isLoopbackHost } from '../core/outbound.js'

export interface HostCheckOptions {
  /** The address the server is bound to (`127.0.0.1`, `0.0.0.0`, `::`, a name). */
  bound: string
  /** Extra names, from `--allowed-host`; `*` accepts every Host. */
  allowed?: readonly string[]
}

export interface HostCheck {
  /** Whether a request with this Host header may be answered. */
  accepts(host: string | undefined): boolean
  /** The names accepted besides loopback names and IP literals (for the refusal's message). */
  readonly names: readonly string[]
}

/** One loopback rule for the Host check, the admin token and webhook URLs (core/outbound.ts). */
export { isLoopbackHost }

/** `Example.com:4010` -> `example.com`, `[::1]:4010` -> `::1`; null when it is not a host (then it is refused). */
export function hostNameOf(header: string): string | null {
  const value = header.trim().toLowerCase()
  if (value.startsWith('[')) {
    const end = value.indexOf(']')
    const rest = value.slice(end + 1)
    if (end < 0 || (rest !== '' && !/^:\d{1,5}$/.test(rest))) return null
    return value.slice(1, end)
  }
  const colon = value.indexOf(':')
  const name = colon < 0 ? value : value.slice(0, colon)
  if (colon >= 0 && !/^\d{1,5}$/.test(value.slice(colon + 1))) return null
  return /^[a-z0-9_.-]+$/.test(name) ? name.replace(/\.$/, '') : null
}

export function createHostCheck(options: HostCheckOptions): HostCheck {
  const allowed = (options.allowed ?? []).map((h) => hostNameOf(h) ?? h.toLowerCase())
  const any = allowed.includes('*')
  const names = new Set(allowed)
  const bound = hostNameOf(options.bound) ?? options.bound
  if (!isIP(bound) && bound !== '') names.add(bound)
  if (!isLoopbackHost(bound)) names.add(hostname().toLowerCase())
  // Exact header values seen and accepted: the common case is one Host repeated, answered by one Set lookup.
  const seen = new Set<string>()
  const accepts = (header: string | undefined): boolean => {
    if (any || header === undefined || seen.has(header)) return true
    const name = hostNameOf(header)
    const ok = name !== null && (isLoopbackHost(name) || isIP(name) !== 0 || names.has(name))
    if (ok && seen.size < 256) seen.add(header)
    return ok
  }
  return { accepts, names: [...names] }
}
