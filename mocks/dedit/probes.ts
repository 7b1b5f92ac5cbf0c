/**
 * What `standin verify` sends to a live Dedit (core/conformance.ts): log in with the API key (which creates nothing)
 * and read the subscriptions with the JWT it returns, plus requests that must be rejected and one without credentials;
 * with `allowWrites`, notarize a fresh random hash (request, complete: uses one registration of the subscription) and
 * upload its file metadata.
 */
import { decodeJwt } from 'jose'
import { answerTime, type Prober, type VerifyProbes } from '../core/conformance.js'
import { randomUUID, sha256Hex, utf8ByteLength } from '../platform/crypto.js'

const iso = (ms: number) => new Date(ms).toISOString()

async function readOnly(p: Prober, apiKey: string, allowWrites: boolean): Promise<void> {
  const login = await p.probe({
    name: 'log in with the API key',
    operationId: 'login',
    method: 'POST',
    path: '/api/v2/auth/login',
    body: { apiKey },
    auth: false,
  })
  const jwt = login.body?.token
  await p.probe({
    name: 'invalid: log in without apiKey',
    operationId: 'login',
    method: 'POST',
    path: '/api/v2/auth/login',
    body: {},
    auth: false,
    expect: { reject: { why: 'login takes {apiKey} (documented)', basis: 'documented' } },
  })
  await p.probe({
    name: 'no credentials',
    operationId: 'getActiveSubscription',
    method: 'GET',
    path: '/api/v2/payment/subscription/active',
    auth: false,
    expect: { unauthorized: true },
  })
  if (typeof jwt !== 'string') {
    p.skip('the probes that need a token', 'getActiveSubscription', 'login gave no token')
    return
  }
  p.addSecret(jwt)
  p.useCredentials({ authorization: `Bearer ${jwt}` })
  const active = await p.probe({
    name: 'the active subscription',
    operationId: 'getActiveSubscription',
    method: 'GET',
    path: '/api/v2/payment/subscription/active',
    expect: { allow: { 404: '404: the account has no active subscription' } },
  })
  const sessionId = active.body?.sessionId
  if (typeof sessionId === 'string') {
    await p.probe({
      name: 'the active subscription by its session id',
      operationId: 'getSubscription',
      method: 'GET',
      path: `/api/v2/subscription/${encodeURIComponent(sessionId)}`,
    })
  } else p.skip('the active subscription by its session id', 'getSubscription', 'no active subscription to look up')
  await p.probe({
    name: 'invalid: malformed session id',
    operationId: 'getSubscription',
    method: 'GET',
    path: '/api/v2/subscription/not-a-session',
    expect: { reject: { why: 'session ids are Stripe checkout session ids (cs_live_/cs_test_)', basis: 'documented' } },
  })
  if (allowWrites) await writeFlow(p, jwt, answerTime(login.headers))
}

/** Notarize a fresh random hash (request, complete), then upload its file metadata. Uses one registration. */
async function writeFlow(p: Prober, jwt: string, now: number): Promise<void> {
  const flow = 'write flow'
  await p.probe({
    name: `${flow}: invalid: malformed hash`,
    operationId: 'requestRegistration',
    method: 'POST',
    path: '/api/v2/registration/?subscription=true',
    body: {
      blockchainType: 'ALGORAND',
      custody: false,
      description: 'standin verify probe',
      hash: 'not-a-sha256',
      signed: false,
      status: 'not_registered',
    },
    expect: { reject: { why: 'hash must be 64 lowercase hex characters (documented)', basis: 'documented' } },
  })
  const content = `standin verify probe ${iso(now)} ${randomUUID()}`
  const hash = sha256Hex(content)
  const subscription = await p.probe({
    name: `${flow}: request the registration of a random hash`,
    operationId: 'requestRegistration',
    method: 'POST',
    path: '/api/v2/registration/?subscription=true',
    body: {
      blockchainType: 'ALGORAND',
      custody: false,
      description: 'standin verify probe',
      hash,
      signed: false,
      status: 'not_registered',
    },
  })
  if (!subscription.body || subscription.status !== 200)
    return p.skip(`${flow}: the rest`, 'completeRegistration', 'no subscription to complete the registration with')
  const registration = await p.probe({
    name: `${flow}: complete the registration`,
    operationId: 'completeRegistration',
    method: 'POST',
    path: `/api/v2/registration/${hash}/forfait`,
    body: subscription.body,
  })
  if (registration.status === 200 && registration.body?.hash !== hash) {
    registration.report({
      kind: 'expectation',
      path: '/hash',
      message: 'the registration returned is not the one completed',
      expected: JSON.stringify(hash),
      found: JSON.stringify(registration.body?.hash),
      basis: 'documented',
    })
  }
  let userId: unknown
  try {
    userId = decodeJwt(jwt).userId
  } catch {
    userId = undefined
  }
  await p.probe({
    name: `${flow}: upload the file metadata`,
    operationId: 'uploadFileMetadata',
    method: 'PUT',
    path: `/api/v2/file/${hash}`,
    body: {
      hash,
      name: 'standin-verify-probe.txt',
      type: 'text/plain',
      size: utf8ByteLength(content),
      lastModified: now,
      userId: typeof userId === 'number' ? userId : 1,
      walletName: 'standin verify',
    },
  })
}

export const deditProbes: VerifyProbes = {
  help: {
    token:
      '--token is the API key; verify logs in with it (POST /api/v2/auth/login, which creates nothing) and uses the JWT it returns.',
    writes:
      'request and complete the registration of a random hash (uses one registration of the subscription), then upload its file metadata.',
  },
  run: (p, { token, allowWrites }) => readOnly(p, token, allowWrites),
}
