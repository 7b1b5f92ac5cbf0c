import { constantTimeEqual, hexToBytes, hmacSha256Hex } from '../../platform/crypto.js'

/**
 * The documented webhook signature: `Enfinitos-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"
 * keyed with the whsec_ secret>`. INFERRED details (the docs give the format only): the HMAC key is the secret's
 * UTF-8 bytes as shown, `whsec_` prefix included; a header may carry several `v1=` values (one per secret during a
 * rotation) and matches when any does; unknown `k=v` parts are ignored; receivers reject a `t` more than 300 s away
 * from their clock by default.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Enfinitos-Signature'

/** The tolerance {@link verifyWebhookSignature} applies to `t` when none is given, in seconds. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300

type RawBody = string | Uint8Array

function hmacHex(secret: string, t: number, rawBody: RawBody): string {
  return hmacSha256Hex(secret, [`${t}.`, rawBody])
}

/**
 * The `Enfinitos-Signature` header value for `rawBody` sent at `t` (integer unix seconds), signed with `secret`:
 * `t=<t>,v1=<64 lowercase hex>`. The body must be the exact bytes sent.
 */
export function signWebhook(secret: string, rawBody: RawBody, t: number): string {
  if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`t must be integer unix seconds >= 0, got ${t}`)
  if (secret.length === 0) throw new RangeError('the signing secret must not be empty')
  return `t=${t},v1=${hmacHex(secret, t, rawBody)}`
}

/** Why {@link verifyWebhookSignature} refused a request. */
export type WebhookSignatureFailure = 'MALFORMED_HEADER' | 'NO_SIGNATURE_MATCHES' | 'TIMESTAMP_OUTSIDE_TOLERANCE'

export type WebhookSignatureCheck =
  | { ok: true; t: number }
  | { ok: false; reason: WebhookSignatureFailure; message: string; t?: number }

export interface WebhookVerifyOptions {
  /** The receiver's time: a Date, or unix SECONDS as a number. Required: this library reads no clock. */
  now: Date | number
  /** How far `t` may be from `now`, in seconds (default 300). */
  toleranceSeconds?: number
}

/**
 * Checks an `Enfinitos-Signature` header against the raw body and the subscription's secret, as a webhook receiver
 * must: the header parses, some `v1` is the HMAC of `"<t>.<raw body>"` (compared in constant time), and `t` is
 * within the tolerance of `now`. Never throws on a malformed header.
 */
export function verifyWebhookSignature(
  header: string | null | undefined,
  secret: string,
  rawBody: RawBody,
  options: WebhookVerifyOptions,
): WebhookSignatureCheck {
  const fail = (reason: WebhookSignatureFailure, message: string, t?: number): WebhookSignatureCheck =>
    t === undefined ? { ok: false, reason, message } : { ok: false, reason, message, t }
  if (typeof header !== 'string' || header.trim() === '') return fail('MALFORMED_HEADER', 'no signature header')
  let t: number | null = null
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const at = part.indexOf('=')
    if (at <= 0) return fail('MALFORMED_HEADER', `"${part.trim()}" is not key=value`)
    const key = part.slice(0, at).trim()
    const value = part.slice(at + 1).trim()
    if (key === 't') {
      if (t !== null || !/^\d{1,15}$/.test(value)) return fail('MALFORMED_HEADER', 't must appear once, in seconds')
      t = Number(value)
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return fail('MALFORMED_HEADER', 'v1 must be 64 lowercase hex characters')
      signatures.push(value)
    }
  }
  if (t === null) return fail('MALFORMED_HEADER', 'the header has no t=')
  if (signatures.length === 0) return fail('MALFORMED_HEADER', 'the header has no v1=')
  const expected = hexToBytes(hmacHex(secret, t, rawBody))
  if (!signatures.some((signature) => constantTimeEqual(hexToBytes(signature), expected))) {
    return fail('NO_SIGNATURE_MATCHES', 'no v1 signature matches the body and secret', t)
  }
  const nowSeconds = options.now instanceof Date ? Math.floor(options.now.getTime() / 1000) : options.now
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS
  if (!Number.isFinite(nowSeconds) || Math.abs(nowSeconds - t) > tolerance) {
    return fail('TIMESTAMP_OUTSIDE_TOLERANCE', `t=${t} is more than ${tolerance} s from now (${nowSeconds})`, t)
  }
  return { ok: true, t }
}
