/**
 * The Dedit conformance script: log in, notarize a hash (request, then complete the registration), upload its file
 * metadata, read the subscriptions; every operation once, each request valid on the seeded world, the token and ids
 * taken from earlier answers. `standin check`, the tests and the benchmark replay it (core/conformance.ts).
 */
import { decodeJwt } from 'jose'
import type { ConformanceScript, SampleRequest } from '../core/conformance.js'

/** The hash the script notarizes. */
const DOCUMENT_HASH = '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae'

export const deditScript: ConformanceScript = async (send) => {
  const call = async (req: Omit<SampleRequest, 'provider'>) => (await send({ provider: 'dedit', ...req })).body
  const login = await call({
    operationId: 'login',
    method: 'POST',
    path: '/api/v2/auth/login',
    headers: { 'content-type': 'application/json' },
    body: { apiKey: 'dedit-test-key' },
    issuesCredentials: true,
  })
  const headers = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' }
  const d = (operationId: string, method: string, path: string, body?: unknown) =>
    call({ operationId, method, path, headers, ...(body === undefined ? {} : { body }) })
  const subscription = await d('requestRegistration', 'POST', '/api/v2/registration/?subscription=true', {
    blockchainType: 'ALGORAND',
    custody: 'false',
    description: 'Proof pack Q2 2026',
    hash: DOCUMENT_HASH,
    signed: 'false',
    status: 'not_registered',
  })
  await d('completeRegistration', 'POST', `/api/v2/registration/${DOCUMENT_HASH}/forfait`, subscription)
  await d('uploadFileMetadata', 'PUT', `/api/v2/file/${DOCUMENT_HASH}`, {
    hash: DOCUMENT_HASH,
    name: 'proof-pack-q2.json',
    type: 'application/json',
    size: 48213,
    lastModified: 1775044800000,
    userId: decodeJwt(String(login.token)).userId,
    walletName: 'reporting',
  })
  const active = await d('getActiveSubscription', 'GET', '/api/v2/payment/subscription/active')
  await d('getSubscription', 'GET', `/api/v2/subscription/${active.sessionId}`)
}
