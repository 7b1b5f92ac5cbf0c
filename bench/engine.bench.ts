/**
 * Engine benchmark (`node --import tsx bench/engine.bench.ts`): the engine alone, in process, no HTTP. Microseconds
 * per request for issueRight, getRight and listRights (the provider's own sample requests, bench/samples.ts) in a
 * fresh session (default flags: response validation on, journal on), and listRights once the session holds 30,000
 * rights more. Median of 5 rounds; HTTP adds node's parser and socket writes on top (bench/http.bench.ts).
 */

import { Engine } from '../mocks/core/engine.js'
import { sampleToMockRequest } from '../mocks/core/sample-request.js'
import type { MockRequest } from '../mocks/core/types.js'
import { createProviders, scenariosFor } from '../mocks/providers.js'
import { pick, samplesOf } from './samples.js'

const ROUNDS = 5
const PER_ROUND = 5000

const engine = new Engine({ providers: createProviders(), scenarios: scenariosFor() })

type Case = 'issue' | 'get' | 'list'

/** A fresh session with the provider's conformance script replayed in it, and the benchmarked requests. */
async function setup(
  id: string,
): Promise<{ session: ReturnType<typeof engine.createSession> } & Record<Case, MockRequest>> {
  const session = engine.createSession(id, { seed: 1 })
  const samples = await samplesOf('enfinitos', async (req) => {
    const final = await engine.handle(sampleToMockRequest(req), session)
    return { status: final.status, body: final.bodyText ? JSON.parse(final.bodyText) : null, text: final.bodyText }
  })
  return {
    session,
    issue: sampleToMockRequest(pick(samples, 'issueRight')),
    get: sampleToMockRequest(pick(samples, 'getRight')),
    list: sampleToMockRequest(pick(samples, 'listRights', 'limit=50')),
  }
}

async function time(label: string, which: Case, id: string) {
  const rounds: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const { session, [which]: request } = await setup(`${id}-${round}`)
    for (let i = 0; i < 500; i++) await engine.handle(request, session)
    const started = performance.now()
    for (let i = 0; i < PER_ROUND; i++) await engine.handle(request, session)
    rounds.push(((performance.now() - started) * 1000) / PER_ROUND)
  }
  rounds.sort((a, b) => a - b)
  console.log(`${label.padEnd(50)} ${(rounds[Math.floor(ROUNDS / 2)] as number).toFixed(1).padStart(7)} us`)
}

async function main() {
  console.log(`engine benchmark: node ${process.version}, median of ${ROUNDS} rounds of ${PER_ROUND} requests`)
  const probe = await setup('probe')
  const listed = JSON.parse((await engine.handle(probe.list, probe.session)).bodyText).data.total
  await time('issueRight', 'issue', 'issue')
  await time('getRight', 'get', 'get')
  await time(`listRights limit=50 (${listed} rights)`, 'list', 'list')

  // listRights in a session that issued 30,000 rights more: the first page, and the last one.
  const big = await setup('big')
  for (let i = 0; i < 30_000; i++) await engine.handle(big.issue, big.session)
  const total = listed + 30_000
  for (const query of ['limit=50', `limit=50&cursor=${total - 50}`]) {
    const request = { ...big.list, query }
    const started = performance.now()
    for (let i = 0; i < 500; i++) await engine.handle(request, big.session)
    console.log(
      `${`listRights ${query} (${total.toLocaleString('en-GB')} rights)`.padEnd(50)} ${((performance.now() - started) * 2).toFixed(1).padStart(7)} us`,
    )
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
