/**
 * Dedit's JWTs, issued and verified with jose (never parsed by hand). A token carries the documented claims
 * `firstName, lastName, nbf, iss: "BCI", exp, iat, userId, email` (not the password hash the docs' example carries)
 * and lives 36000 s (10 h), as documented. It is signed HS256 with a secret derived from the session seed, so tokens
 * are deterministic per (seed, clock) and a token from one seed fails in another seed's session. Every time check
 * uses the SESSION clock, so advancing it 10 h expires the token.
 *
 * A token is scoped to the session that issued it: two sessions of one seed share the signing secret, so each session
 * also remembers the tokens it issued (their SHA-256), and a token it never issued is refused with Dedit's 401 (a CI job
 * cannot use another job's token by mistake). The record lives as long as the session's world: a reset starts a new
 * one (the token must be fetched again, as the fixed clock's tokens already had to be); an empty-world scenario keeps
 * it. It is keyed by the secret object, which is one per session and reset (jwtSecretFor).
 */
import { errors, jwtVerify, SignJWT } from 'jose'
import type { Clock, Derive } from '../core/types.js'
import { sha256Hex } from '../platform/crypto.js'

const TOKEN_ISSUER = 'BCI'
/** Documented: exp - iat = 36000 s. */
export const TOKEN_LIFETIME_SECONDS = 36_000

const secrets = new WeakMap<Derive, Uint8Array>()
/**
 * The tokens a session issued (SHA-256 of the token -> its iat), by the session's secret object. The token itself, not
 * its iat: sessions with the same seed share the secret, and two of them on the same fixed clock issue tokens in the
 * same second, so only the exact token tells which session issued it.
 */
const issued = new WeakMap<Uint8Array, Map<string, number>>()
/** Tokens remembered per session at most (expired ones are forgotten first); the oldest go beyond it. */
export const MAX_ISSUED_TOKENS = 10_000

/**
 * The HS256 secret of a session's tokens: derived from the seed, so tokens are deterministic per (seed, clock). One
 * object per session derive (a session's seeded and empty worlds share it; a reset makes a new derive, so a new one).
 */
export function jwtSecretFor(derive: Derive): Uint8Array {
  let secret = secrets.get(derive)
  if (!secret) {
    secret = new Uint8Array(derive.bytes('dedit.jwt-secret', 0, 32))
    secrets.set(derive, secret)
  }
  return secret
}

const tokenKey = (token: string) => sha256Hex(token)

function remember(secret: Uint8Array, token: string, iat: number): void {
  let tokens = issued.get(secret)
  if (!tokens) {
    tokens = new Map()
    issued.set(secret, tokens)
  }
  tokens.set(tokenKey(token), iat)
  if (tokens.size <= MAX_ISSUED_TOKENS) return
  for (const [key, old] of tokens) if (old + TOKEN_LIFETIME_SECONDS < iat) tokens.delete(key)
  for (const key of tokens.keys()) {
    if (tokens.size <= MAX_ISSUED_TOKENS) break
    tokens.delete(key)
  }
}

export interface DeditTokenUser {
  userId: number
  firstName: string
  lastName: string
  email: string
}

interface DeditClaims extends DeditTokenUser {
  iss: string
  iat: number
  nbf: number
  exp: number
}

export async function issueToken(user: DeditTokenUser, secret: Uint8Array, clock: Clock): Promise<string> {
  const iat = Math.floor(clock.nowMs() / 1000)
  // Claims in the order of the docs' example token.
  const token = await new SignJWT({
    firstName: user.firstName,
    lastName: user.lastName,
    nbf: iat,
    iss: TOKEN_ISSUER,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    iat,
    userId: user.userId,
    email: user.email,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(secret)
  remember(secret, token, iat)
  return token
}

type VerifyOutcome = { ok: true; claims: DeditClaims } | { ok: false; message: string }

const isoOf = (sec: unknown) => (typeof sec === 'number' ? new Date(sec * 1000).toISOString() : 'an unknown time')

/** Checks signature, issuer, exp and nbf (against the session clock) and the claims standin relies on. */
export async function verifyToken(token: string, secret: Uint8Array, clock: Clock): Promise<VerifyOutcome> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      currentDate: clock.now(),
      requiredClaims: ['exp', 'iat', 'nbf'],
    })
    const { userId, firstName, lastName, email } = payload
    if (typeof userId !== 'number' || !Number.isInteger(userId) || userId < 1) {
      return { ok: false, message: 'token has no valid userId claim' }
    }
    if (!issued.get(secret)?.has(tokenKey(token))) {
      return {
        ok: false,
        message: 'token was not issued in this standin session (X-Standin-Session): log in again in this session',
      }
    }
    return {
      ok: true,
      claims: {
        userId,
        firstName: String(firstName ?? ''),
        lastName: String(lastName ?? ''),
        email: String(email ?? ''),
        iss: String(payload.iss),
        iat: payload.iat as number,
        nbf: payload.nbf as number,
        exp: payload.exp as number,
      },
    }
  } catch (err) {
    if (err instanceof errors.JWTExpired) return { ok: false, message: `token expired at ${isoOf(err.payload.exp)}` }
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'nbf') return { ok: false, message: `token not valid before ${isoOf(err.payload.nbf)}` }
      if (err.claim === 'iss') return { ok: false, message: `token issuer must be "${TOKEN_ISSUER}"` }
      return { ok: false, message: `token claim ${err.claim} is invalid: ${err.reason}` }
    }
    if (err instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, message: 'token signature is invalid' }
    if (err instanceof errors.JOSEAlgNotAllowed) return { ok: false, message: 'token must be signed with HS256' }
    if (err instanceof errors.JOSEError) return { ok: false, message: 'token is malformed' }
    throw err
  }
}
