/**
 * Secrets never reach any output of `standin verify`: the token (the provider's API key), any session token the
 * probes learn on the way (a login's JWT), and credentials in a base URL are replaced by `****` in every line, report,
 * JSON and JUnit file, including error messages. Every escaped form a secret can take in those outputs is masked too.
 */

const MASK = '****'

export type Masker = (text: string) => string

/** A function that replaces every occurrence of the secrets (raw, JSON-, XML- and URL-escaped) with `****`. */
export function createMasker(secrets: Iterable<string | undefined | null>): Masker {
  const forms = new Set<string>()
  for (const secret of secrets) {
    // very short values would mask ordinary words; no real key or token is that short
    if (!secret || secret.length < 4) continue
    forms.add(secret)
    forms.add(JSON.stringify(secret).slice(1, -1))
    forms.add(
      secret
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&apos;'),
    )
    forms.add(encodeURIComponent(secret))
  }
  const list = [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length)
  if (list.length === 0) return (text) => text
  return (text) => {
    let out = text
    for (const form of list) out = out.split(form).join(MASK)
    return out
  }
}

/** A URL with its username and password replaced by `****` (for display). */
export function maskUrlCredentials(url: string): string {
  try {
    const u = new URL(url)
    if (!u.username && !u.password) return url
    if (u.username) u.username = MASK
    if (u.password) u.password = MASK
    return u.toString()
  } catch {
    return url
  }
}
