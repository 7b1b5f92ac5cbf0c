// The platform modules a browser build swaps in (package.json `browser` field) give the answers their Node variants
// give: mocks/platform/crypto.browser.ts (@noble/hashes, @noble/curves) against crypto.ts (node:crypto), on known
// answers, on random input and on crafted Ed25519 input where libraries legitimately differ; the Dedit reason phrases
// that replaced node:http's table; the browser specs module, which has no files and no ajv.
// test/browser-standin.test.ts then runs the whole package in Chromium.
import { STATUS_CODES } from 'node:http'
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { REASON_PHRASES } from '../mocks/dedit/envelope.js'
import * as browser from '../mocks/platform/crypto.browser.js'
import * as node from '../mocks/platform/crypto.js'
import type { PlatformCrypto } from '../mocks/platform/crypto-types.js'
import * as browserSpecs from '../mocks/platform/specs.browser.js'
import type * as nodeSpecs from '../mocks/platform/specs.js'

// Both variants keep the one contract (a type error here when either drifts).
const VARIANTS: [string, PlatformCrypto][] = [
  ['node', node],
  ['browser', browser],
]
const specsContract: typeof nodeSpecs = browserSpecs
const hex = (text: string) => node.hexToBytes(text)
const RUNS = { numRuns: 200 }

describe('crypto.browser.ts answers as crypto.ts does', () => {
  it('SHA-256 and HMAC-SHA256 of text (UTF-8, lone surrogates included) and bytes', () => {
    expect(browser.sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(browser.hmacSha256Hex('key', ['The quick brown fox ', 'jumps over the lazy dog'])).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (text, bytes) => {
        expect(browser.sha256Hex(text)).toBe(node.sha256Hex(text))
        expect(browser.sha256Bytes(bytes)).toEqual(node.sha256Bytes(bytes))
        expect(browser.hmacSha256Hex(text, [bytes, text])).toBe(node.hmacSha256Hex(text, [bytes, text]))
      }),
      RUNS,
    )
  })

  it('Ed25519: the RFC 8032 vector, then the same public keys and signatures for any seed and message', () => {
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
    for (const [name, c] of VARIANTS) {
      const key = c.ed25519PrivateKey(seed)
      expect(c.bytesToHex(c.ed25519PublicKeyBytes(key)), name).toBe(
        'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      )
      expect(c.bytesToHex(c.ed25519Sign(key, new Uint8Array())), name).toBe(
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      )
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ maxLength: 200 }), (s, message) => {
        const pub = node.ed25519PublicKeyBytes(node.ed25519PrivateKey(s))
        expect(browser.ed25519PublicKeyBytes(browser.ed25519PrivateKey(s))).toEqual(pub)
        const signature = node.ed25519Sign(node.ed25519PrivateKey(s), message)
        expect(browser.ed25519Sign(browser.ed25519PrivateKey(s), message)).toEqual(signature)
        const key = browser.ed25519PublicKey(pub)
        expect(key && browser.ed25519Verify(key, message, signature)).toBe(true)
        expect(key && browser.ed25519Verify(key, `${message}.`, signature)).toBe(false)
      }),
      { numRuns: 50 },
    )
  })

  it('Ed25519 verification agrees on crafted input: non-canonical S, small-order and mixed-order keys, bad points', () => {
    const cases = craftedSignatures()
    expect(cases.length).toBeGreaterThan(70)
    const verdict = (c: PlatformCrypto, key: Uint8Array, message: Uint8Array, signature: Uint8Array) => {
      const usable = c.ed25519PublicKey(key)
      return usable === null ? 'no key' : c.ed25519Verify(usable, message, signature)
    }
    const verdicts = cases.map(({ name, key, message, signature }) => {
      const n = verdict(node, key, message, signature)
      expect(verdict(browser, key, message, signature), name).toBe(n)
      return n
    })
    // The set is not trivial: some crafted signatures pass in both (OpenSSL's cofactorless check), most fail.
    expect(verdicts).toContain(true)
    expect(verdicts).toContain(false)
  })

  it('base64url, hex, byte length and constant-time comparison', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 }), (bytes, text) => {
        const encoded = node.toBase64Url(bytes)
        expect(browser.toBase64Url(bytes)).toBe(encoded)
        expect(browser.fromBase64Url(encoded)).toEqual(node.fromBase64Url(encoded))
        expect(browser.fromBase64Url(encoded)).toEqual(bytes)
        expect(browser.bytesToHex(bytes)).toBe(node.bytesToHex(bytes))
        expect(browser.hexToBytes(node.bytesToHex(bytes))).toEqual(bytes)
        expect(browser.utf8ByteLength(text)).toBe(node.utf8ByteLength(text))
        expect(browser.utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length)
        expect(browser.constantTimeEqual(bytes, bytes.slice())).toBe(true)
      }),
      RUNS,
    )
    for (const text of ['AA=', 'A', 'AAAAA', 'a+b/', 'ab cd', 'ab\n', 'é']) {
      expect(browser.fromBase64Url(text), text).toBeNull()
      expect(node.fromBase64Url(text), text).toBeNull()
    }
    expect(browser.fromBase64Url('AB')).toEqual(node.fromBase64Url('AB')) // non-zero trailing bits are dropped alike
    for (const [name, c] of VARIANTS) {
      expect(c.constantTimeEqual(hex('0102'), hex('0103')), name).toBe(false)
      expect(c.constantTimeEqual(hex('0102'), hex('010200')), name).toBe(false)
      expect(() => c.hexToBytes('abc'), name).toThrow(RangeError)
      expect(() => c.hexToBytes('zz'), name).toThrow(RangeError)
    }
  })
})

describe('random UUIDs in the browser', () => {
  const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
  afterEach(() => {
    Reflect.deleteProperty(globalThis.crypto, 'randomUUID')
  })

  it('come from crypto.randomUUID, or from getRandomValues where a page is not a secure context', () => {
    expect(browser.randomUUID()).toMatch(V4)
    // Outside a secure context (http on a LAN address) browsers have no crypto.randomUUID.
    Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true })
    const ids = new Set(Array.from({ length: 50 }, () => browser.randomUUID()))
    expect(ids.size).toBe(50)
    for (const id of ids) expect(id).toMatch(V4)
  })
})

describe('the rest of the browser platform', () => {
  it("Dedit's reason phrases are node:http's, for every 4xx and 5xx status", () => {
    const node4xx5xx = Object.fromEntries(Object.entries(STATUS_CODES).filter(([code]) => Number(code) >= 400))
    expect(REASON_PHRASES).toEqual(node4xx5xx)
  })

  it('specs.browser.ts has no package files and no ajv, and says so', () => {
    expect(specsContract.changedPackagedSpec('enfinitos', 'any')).toBeNull()
    expect(() => browserSpecs.packageRoot()).toThrow(/no package files/)
    expect(() => browserSpecs.readSpec('openapi/enfinitos.yaml')).toThrow(/precompiled/)
    expect(() => browserSpecs.newAjv()).toThrow(/precompiled/)
  })
})

interface Crafted {
  name: string
  key: Uint8Array
  message: Uint8Array
  signature: Uint8Array
}

/** Signatures libraries answer differently unless they follow the same rules (see crypto.browser.ts ed25519Verify). */
function craftedSignatures(): Crafted[] {
  const P = ed25519.Point
  const L = P.Fn.ORDER
  const le = (n: bigint) => numberToBytesLE(n, 32)
  const sig = (r: Uint8Array, s: bigint) => new Uint8Array([...r, ...le(s)])
  const text = (t: string) => new TextEncoder().encode(t)
  const identity = le(1n)
  const fieldP = 2n ** 255n - 19n
  const out: Crafted[] = []
  const seed = new Uint8Array(32).fill(7)
  const honest = node.ed25519Sign(node.ed25519PrivateKey(seed), 'm')
  const pub = node.ed25519PublicKeyBytes(node.ed25519PrivateKey(seed))
  const s = bytesToNumberLE(honest.subarray(32))
  out.push({ name: 'honest', key: pub, message: text('m'), signature: honest })
  out.push({ name: 'S + L', key: pub, message: text('m'), signature: sig(honest.subarray(0, 32), s + L) })
  out.push({
    name: 'identity key, R = identity, S = 0',
    key: identity,
    message: text('x'),
    signature: sig(identity, 0n),
  })
  out.push({
    name: 'non-canonical identity key',
    key: le(fieldP + 1n),
    message: text('x'),
    signature: sig(identity, 0n),
  })
  out.push({ name: 'non-canonical R', key: identity, message: text('x'), signature: sig(le(fieldP + 1n), 0n) })
  const negativeZero = le(1n)
  negativeZero[31] = 0x80
  out.push({
    name: 'key with x = 0 and the sign bit',
    key: negativeZero,
    message: text('q'),
    signature: sig(identity, 0n),
  })
  out.push({
    name: 'R with x = 0 and the sign bit',
    key: identity,
    message: text('q'),
    signature: sig(negativeZero, 0n),
  })
  out.push({ name: 'order-2 key and R', key: le(fieldP - 1n), message: text('x'), signature: sig(le(fieldP - 1n), 0n) })
  out.push({ name: 'all 0xff key', key: new Uint8Array(32).fill(0xff), message: text('m'), signature: honest })
  for (let i = 0; i < 8; i++) {
    const torsion = hex(ED25519_TORSION_SUBGROUP[i] as string)
    out.push({ name: `torsion point ${i} as key`, key: torsion, message: text('t'), signature: sig(torsion, 0n) })
  }
  // Keys with a small-order component (A = aB + T): an honest-looking signature passes the cofactored check always,
  // the cofactorless one only when the challenge k is a multiple of T's order.
  for (let i = 0; i < 56; i++) {
    const T = P.fromHex(ED25519_TORSION_SUBGROUP[1 + (i % 7)] as string)
    const a = P.Fn.create(BigInt(1000 + i) * 7919n)
    const r = P.Fn.create(BigInt(5 + i) * 104729n)
    const A = P.BASE.multiply(a).add(T).toBytes()
    const R = P.BASE.multiply(r).toBytes()
    const message = text(`mixed ${i}`)
    const k = P.Fn.create(bytesToNumberLE(sha512(new Uint8Array([...R, ...A, ...message]))))
    out.push({ name: `mixed-order key ${i}`, key: A, message, signature: sig(R, P.Fn.create(r + k * a)) })
  }
  for (let i = 0; i < 8; i++) {
    const key = node.sha256Bytes(`random point ${i}`) // about half of random y are not on the curve
    out.push({ name: `random key ${i}`, key, message: text('m'), signature: honest })
  }
  return out
}
