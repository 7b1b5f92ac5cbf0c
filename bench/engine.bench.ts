/**
 * Engine benchmark (`node --import tsx bench/engine.bench.ts`): the engine alone, in process, no HTTP. Microseconds per request for issueRight, getRight and
 * listRights in a fresh session (default flags: response validation on, journal on), and listRights once the session
 * holds 30,000 rights. Median of 5 rounds; HTTP adds node's parser and socket writes on top (bench/http.bench.ts).
 */
import { Engine } from '../mocks/core/engine.js'
import type { MockRequest } from '../mocks/core/types.js'
import { createProviders, scenariosFor } from '../mocks/providers.js'

const ROUNDS = 5
const PER_ROUND = 5000
const headers = { authorization: 'Bearer sk_test_0123456789abcdef', 'content-type': 'application/json' }

const engine = new Engine({ providers: createProviders(), scenarios: scenariosFor() })

async function setup(id: string) {
  const session = engine.createSession(id, { seed: 1 })
  const get = async (path: string, query = '') =>
    JSON.parse((await engine.handle({ method: 'GET', path, query, headers }, session)).bodyText)
  const basis = (await get('/v1/rights/bases')).data.bases[0]
  const rightId: string = (await get('/v1/rights', 'limit=1')).data.rights[0].id
  const issue: MockRequest = {
    method: 'POST',
    path: '/v1/rights/issue',
    query: '',
    headers,
    bodyText: JSON.stringify({
      basisId: basis.id,
      substrate: 'DOOH',
      scope: 'Greater London',
      effectiveFrom: basis.effectiveFrom,
    }),
  }
  return { session, issue, rightId }
}

async function time(label: string, request: () => MockRequest, id: string, before?: () => Promise<void>) {
  const rounds: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const { session } = await setup(`${id}-${round}`)
    if (before) await before()
    for (let i = 0; i < 500; i++) await engine.handle(request(), session)
    const started = performance.now()
    for (let i = 0; i < PER_ROUND; i++) await engine.handle(request(), session)
    rounds.push(((performance.now() - started) * 1000) / PER_ROUND)
  }
  rounds.sort((a, b) => a - b)
  console.log(`${label.padEnd(50)} ${(rounds[Math.floor(ROUNDS / 2)] as number).toFixed(1).padStart(7)} us`)
}

async function main() {
  console.log(`engine benchmark: node ${process.version}, median of ${ROUNDS} rounds of ${PER_ROUND} requests`)
  const { issue, rightId } = await setup('probe')
  await time('issueRight', () => issue, 'issue')
  await time('getRight', () => ({ method: 'GET', path: `/v1/rights/${rightId}`, query: '', headers }), 'get')
  await time(
    'listRights limit=50 (8 rights)',
    () => ({ method: 'GET', path: '/v1/rights', query: 'limit=50', headers }),
    'list',
  )

  // listRights in a session that issued 30,000 rights: the first page, and the last one.
  const big = await setup('big')
  for (let i = 0; i < 30_000; i++) await engine.handle(big.issue, big.session)
  for (const query of ['limit=50', 'limit=50&cursor=29958']) {
    const started = performance.now()
    for (let i = 0; i < 500; i++)
      await engine.handle({ method: 'GET', path: '/v1/rights', query, headers }, big.session)
    console.log(
      `${`listRights ${query} (30,008 rights)`.padEnd(50)} ${((performance.now() - started) * 2).toFixed(1).padStart(7)} us`,
    )
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
