/** Rule 5: the signing key is in the directory, well formed, and valid at the record's time. */
import { fromBase64UrlStrict } from '../hash.js'
import { publicKeyFromBase64Url, verifyText } from '../keys.js'
import { parseTimestamp } from '../time.js'
import type { KeyDirectory } from '../types.js'
import type { Report, VerificationCheck } from './report.js'
import { isObj, type Obj, show } from './values.js'

interface ResolvedKey {
  keyId: string
  notBefore: number | null
  notAfter: number | null
  revokedAt: number | null
  usable: ReturnType<typeof publicKeyFromBase64Url>
}

/** Looks keys up in the directory; validates each entry once, on first use. */
export class KeyLookup {
  private readonly byId = new Map<string, Obj[]>()
  private readonly resolved = new Map<string, ResolvedKey | null>()
  private readonly directoryOk: boolean

  constructor(
    directory: KeyDirectory,
    private readonly report: Report,
  ) {
    const keys = isObj(directory) ? directory.keys : undefined
    this.directoryOk = Array.isArray(keys)
    if (!Array.isArray(keys)) {
      report.checks.push({ code: 'KEY_DIRECTORY_INVALID', ok: false, message: 'the key directory has no keys[] array' })
      return
    }
    for (const key of keys) {
      if (isObj(key) && typeof key.keyId === 'string') {
        const list = this.byId.get(key.keyId) ?? []
        list.push(key)
        this.byId.set(key.keyId, list)
      }
    }
  }

  /** null: unknown. Reports UNKNOWN_KEY_ID (always) and KEY_DIRECTORY_INVALID (once per key, on failure). */
  lookup(keyId: string, where: Omit<VerificationCheck, 'code' | 'ok' | 'message'>): ResolvedKey | null | 'unusable' {
    const entries = this.byId.get(keyId)
    const known = entries !== undefined
    this.report.check(
      'UNKNOWN_KEY_ID',
      known,
      known ? `key ${keyId} is in the directory` : `key ${keyId} is not in the directory`,
      { ...where, keyId },
    )
    if (!known || !this.directoryOk) return null
    if (!this.resolved.has(keyId)) this.resolved.set(keyId, this.resolve(keyId, entries))
    return this.resolved.get(keyId) ?? 'unusable'
  }

  private resolve(keyId: string, entries: Obj[]): ResolvedKey | null {
    const problems: string[] = []
    if (entries.length > 1) problems.push(`keyId ${keyId} appears ${entries.length} times`)
    const entry = entries[0] ?? {}
    if (entry.algorithm !== 'ed25519') {
      this.report.check('UNSUPPORTED_ALGORITHM', false, `key ${keyId} has algorithm ${show(entry.algorithm)}`, {
        keyId,
      })
      return null
    }
    const usable = publicKeyFromBase64Url(entry.publicKey)
    if (usable === null) problems.push('publicKey is not unpadded base64url of 32 bytes')
    const notBefore = parseTimestamp(entry.notBefore)
    if (notBefore === null) problems.push('notBefore is not a timestamp')
    const optionalTime = (name: 'notAfter' | 'revokedAt'): number | null => {
      const value = entry[name]
      if (value === null) return null
      const t = parseTimestamp(value)
      if (t === null) problems.push(`${name} is ${value === undefined ? 'missing' : 'not a timestamp or null'}`)
      return t
    }
    const notAfter = optionalTime('notAfter')
    const revokedAt = optionalTime('revokedAt')
    if (problems.length > 0) {
      this.report.checks.push({
        code: 'KEY_DIRECTORY_INVALID',
        ok: false,
        message: `directory entry for ${keyId}: ${problems.join('; ')}`,
        keyId,
      })
      return null
    }
    return { keyId, notBefore, notAfter, revokedAt, usable }
  }
}

/**
 * Reports KEY_OUTSIDE_VALIDITY_WINDOW (notBefore <= t <= notAfter) and KEY_REVOKED_BEFORE_ISSUANCE (t <= revokedAt)
 * for a key at time `t`.
 */
export function checkKeyWindow(
  report: Report,
  key: ResolvedKey,
  t: number,
  when: string,
  where: Omit<VerificationCheck, 'code' | 'ok' | 'message'>,
): void {
  const inWindow = key.notBefore !== null && key.notBefore <= t && (key.notAfter === null || t <= key.notAfter)
  report.check(
    'KEY_OUTSIDE_VALIDITY_WINDOW',
    inWindow,
    inWindow ? `key ${key.keyId} is valid at ${when}` : `key ${key.keyId} is not valid at ${when}`,
    { ...where, keyId: key.keyId },
    () => `notBefore <= ${when} <= notAfter`,
    () =>
      `notBefore ${key.notBefore === null ? '?' : new Date(key.notBefore).toISOString()}, notAfter ${
        key.notAfter === null ? 'null' : new Date(key.notAfter).toISOString()
      }`,
  )
  const notRevoked = key.revokedAt === null || t <= key.revokedAt
  report.check(
    'KEY_REVOKED_BEFORE_ISSUANCE',
    notRevoked,
    notRevoked
      ? `key ${key.keyId} is not revoked before ${when}`
      : `key ${key.keyId} was revoked at ${new Date(key.revokedAt ?? 0).toISOString()}, before ${when}`,
    { ...where, keyId: key.keyId },
  )
}

type Where = Omit<VerificationCheck, 'code' | 'ok' | 'message'>

/** What {@link checkSignature} needs of one signed record (a receipt or a provenance record). */
interface SignedRecord {
  signature: unknown
  keyId: string | null
  /** The instant the key must be valid at (null when the record's time is unreadable), and its text. */
  instant: number | null
  instantText: string
  /** The exact text that was signed; null when it cannot be rebuilt (no signature check then). */
  message: string | null
  signatureWhere: Where
  keyWhere: Where
}

/**
 * The signature rules every signed record shares: SIGNATURE_MALFORMED (unpadded base64url of 64 bytes), the key known
 * (UNKNOWN_KEY_ID, via the lookup) and valid at the record's time, then SIGNATURE_INVALID (Ed25519 over `message`).
 */
export function checkSignature(report: Report, keys: KeyLookup, r: SignedRecord): void {
  const wellFormed = fromBase64UrlStrict(r.signature, 64) !== null
  report.check(
    'SIGNATURE_MALFORMED',
    wellFormed,
    'signature is unpadded base64url of 64 bytes',
    r.signatureWhere,
    () => '86 characters of [A-Za-z0-9_-]',
    () => r.signature,
  )
  const key = r.keyId === null ? null : keys.lookup(r.keyId, r.keyWhere)
  if (key === null || key === 'unusable') return
  if (r.instant !== null) checkKeyWindow(report, key, r.instant, r.instantText, r.keyWhere)
  if (key.usable !== null && wellFormed && r.message !== null) {
    const valid = verifyText(key.usable, r.message, String(r.signature))
    report.check(
      'SIGNATURE_INVALID',
      valid,
      valid ? `signature verifies under ${r.keyId}` : `signature does not verify under ${r.keyId}`,
      { ...r.signatureWhere, keyId: r.keyId ?? '' },
    )
  }
}
