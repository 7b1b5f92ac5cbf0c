/**
 * Redaction: what the journal shows instead of a credential. The journal is read by tests, served by the admin API and
 * logged, so it keeps no character of a secret, in any shape a client may send one:
 *   headers      Authorization and Proxy-Authorization (the scheme stays: `Bearer [redacted]`), Cookie, Set-Cookie,
 *                X-Api-Key and any header named like a secret (X-Auth-Token, Api-Key...)
 *   query        parameters named like a secret (apiKey, api_key, token, access_token, secret, password...)
 *   JSON bodies  fields named like a secret at any depth, unknown extra fields included, plus the JSON pointers a
 *                provider declares (`journalSecrets`)
 *   other text   form-encoded, invalid or truncated JSON, YAML-ish text: every `name=value`, `name: value` and
 *                `"name": "value"` whose name is a secret's gets its value replaced, quoted or not, ended or not
 * Names are compared without case, `-` and `_`. The rule errs towards hiding: a field that is not a secret but is named
 * like one (`token`) is hidden too; ids, hashes, public keys and signatures (`publicKey`, `signature`, `keyId`) are not.
 */

export const REDACTED = '[redacted]'

/** Parts that make a name a secret's wherever they appear in it (`signingSecret`, `x-refresh-token`). */
const SECRET_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'cookie',
  'authorization',
  'bearer',
]
/** Names that are a secret's only on their own or at the end (`token`, `accessToken`, but not `tokenizer`). */
const SECRET_ENDINGS = ['token', 'jwt']
/** Names that are a secret's only on their own (`key=...` in a query; `keyId` is not). */
const SECRET_WORDS = new Set(['key', 'auth', 'pwd', 'pass', 'otp', 'sig', 'session_token', 'code_verifier'])

const known = new Map<string, boolean>()

/** Whether a header, query parameter or field with this name holds a secret. Cached: names repeat. */
export function isSecretName(name: string): boolean {
  const cached = known.get(name)
  if (cached !== undefined) return cached
  const lower = name.toLowerCase()
  const flat = lower.replace(/[-_.\s]/g, '')
  const secret =
    SECRET_WORDS.has(lower) ||
    SECRET_WORDS.has(flat) ||
    SECRET_PARTS.some((part) => flat.includes(part)) ||
    SECRET_ENDINGS.some((end) => flat.endsWith(end))
  if (known.size < 10_000) known.set(name, secret)
  return secret
}

/** Headers with every secret value replaced; the scheme of an Authorization header stays (`Bearer [redacted]`). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  let out: Record<string, string> | undefined
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretName(name)) continue
    out ??= { ...headers }
    const scheme = /authorization$/i.test(name) ? /^([A-Za-z][\w.+-]*)\s+\S/.exec(value)?.[1] : undefined
    out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED
  }
  return out ?? headers
}

/** Parsed query parameters with the values of secret-named ones replaced. */
export function redactQuery(query: Record<string, string | string[]>): Record<string, string | string[]> {
  for (const name of Object.keys(query)) {
    if (!isSecretName(name)) continue
    const value = query[name]
    query[name] = Array.isArray(value) ? value.map(() => REDACTED) : REDACTED
  }
  return query
}

/** A parsed JSON value with every secret-named field (at any depth) replaced, in place. */
export function redactJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value
  // Deeper than any real payload: not walked further, so not shown (a secret could hide down there).
  if (depth > 64) return `${REDACTED}: nested deeper than 64 levels`
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = redactJson(value[i], depth + 1)
    return value
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    record[key] = isSecretName(key) ? REDACTED : redactJson(record[key], depth + 1)
  }
  return value
}

/** Replaces the value at each JSON pointer (if present) with REDACTED, in place. */
export function redactPointers(value: unknown, pointers: readonly string[] = []): unknown {
  for (const pointer of pointers) {
    const parts = pointer.split('/').slice(1)
    let node: unknown = value
    for (const [i, part] of parts.entries()) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) break
      if (i === parts.length - 1) (node as Record<string, unknown>)[part] = REDACTED
      else node = (node as Record<string, unknown>)[part]
    }
  }
  return value
}

/**
 * A name, `=` or `:`, and a value: double-quoted, single-quoted (either possibly never closed, as in a truncated body)
 * or bare up to the next separator. The name may be quoted too, as in JSON and JavaScript object literals.
 */
const PAIR =
  /(["']?)([A-Za-z_$%][\w$.%-]{0,127})\1(\s*[:=]\s*)("(?:[^"\\]|\\.)*(?:"|$)|'(?:[^'\\]|\\.)*(?:'|$)|[^\s&,;{}[\]]+)/g

/**
 * Text that is not JSON (form-encoded, invalid or truncated JSON, anything else) with the value of every secret-named
 * pair replaced, so the journal still shows what was really sent, minus the secrets.
 */
/** `name: value` on a line of its own (a header, YAML): the value runs to the end of the line, spaces included. */
const LINE = /^([ \t]*(["']?))([A-Za-z_$%][\w$.%-]{0,127})(\2[ \t]*:[ \t]*)([^"'\s][^\r\n]*)$/gm

export function redactText(text: string): string {
  const lines = text.replace(LINE, (whole, lead: string, _q: string, name: string, sep: string) =>
    isSecretName(decodeName(name)) ? `${lead}${name}${sep}${REDACTED}` : whole,
  )
  return lines.replace(PAIR, (whole, quote: string, name: string, sep: string, value: string) => {
    if (!isSecretName(decodeName(name))) return whole
    const q = value[0] === '"' || value[0] === "'" ? value[0] : ''
    return `${quote}${name}${quote}${sep}${q}${REDACTED}${q}`
  })
}

/** `api%5Fkey` is still `api_key`. */
function decodeName(name: string): string {
  if (!name.includes('%')) return name
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/** A body as the journal shows it: parsed and redacted JSON, or redacted text when it is not JSON. */
export function redactBody(text: string | undefined, pointers?: readonly string[]): unknown {
  if (!text) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return redactText(text)
  }
  return redactPointers(redactJson(parsed), pointers)
}
