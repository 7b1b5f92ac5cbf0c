// Requests take turns (mocks/http/turns.ts): a burst of slow requests no longer holds the event loop until the last
// of them is answered. The gate alone first (its order, no timings asserted), then a server under a burst of slow
// requests, where a quick request sent during the burst is answered before the burst ends.
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import { defineScenario } from '../mocks/define-scenario.js'
import { createTurnGate } from '../mocks/http/turns.js'
import { type StandinServer, startStandinServer } from '../mocks/start-server.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }

/** Holds the thread for `ms`: a request that costs CPU, as a 1,000-delivery seal does. */
function spin(ms: number) {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy: the point is to hold the event loop
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('the turn gate', () => {
  it('lets requests that arrive within a turn run at once, without a promise', () => {
    const gate = createTurnGate(50)
    expect(gate.enter()).toBeUndefined()
    gate.leave()
    expect(gate.enter()).toBeUndefined()
    gate.leave()
    expect(gate.waiting).toBe(0)
  })

  it('makes a request that arrives once the turn has run its budget wait for a later turn', async () => {
    const gate = createTurnGate(5)
    expect(gate.enter()).toBeUndefined()
    spin(8)
    gate.leave()
    const order: string[] = []
    const turn = gate.enter()
    expect(turn).toBeInstanceOf(Promise)
    void turn?.then(() => order.push('ran'))
    await Promise.resolve()
    order.push('same turn')
    await nextTurn()
    expect(order).toEqual(['same turn', 'ran'])
    gate.leave()
  })

  it('runs waiting requests first come first served, at least one per turn', async () => {
    const gate = createTurnGate(5)
    expect(gate.enter()).toBeUndefined()
    spin(8)
    const ran: number[] = []
    const waits = [1, 2, 3].map((n) =>
      (gate.enter() as Promise<void>).then(() => {
        ran.push(n)
        spin(8) // each one uses its whole turn
        gate.leave()
      }),
    )
    gate.leave()
    expect(gate.waiting).toBe(3)
    await Promise.all(waits)
    expect(ran).toEqual([1, 2, 3])
    expect(gate.waiting).toBe(0)
  })

  it('does not hold the requests behind one that waits on a timer (a scenario delay)', async () => {
    const gate = createTurnGate(5)
    expect(gate.enter()).toBeUndefined()
    spin(8)
    const ran: string[] = []
    const delayed = (gate.enter() as Promise<void>).then(async () => {
      ran.push('delayed starts')
      await new Promise((resolve) => setTimeout(resolve, 100))
      ran.push('delayed ends')
      gate.leave()
    })
    const next = (gate.enter() as Promise<void>).then(() => {
      ran.push('next')
      gate.leave()
    })
    gate.leave()
    await Promise.all([delayed, next])
    expect(ran).toEqual(['delayed starts', 'next', 'delayed ends'])
  })

  it('runs a request arriving in a new turn at once, even while earlier ones wait', async () => {
    const gate = createTurnGate(5)
    expect(gate.enter()).toBeUndefined()
    spin(8)
    const ran: string[] = []
    const slow = [1, 2].map((n) =>
      (gate.enter() as Promise<void>).then(() => {
        ran.push(`slow ${n}`)
        spin(8)
        gate.leave()
      }),
    )
    gate.leave()
    await new Promise<void>((resolve) => setImmediate(resolve)) // slow 1 has run
    expect(gate.enter()).toBeUndefined() // a new arrival in a new turn
    ran.push('quick')
    gate.leave()
    await Promise.all(slow)
    expect(ran).toEqual(['slow 1', 'quick', 'slow 2'])
  })
})

describe('a server under a burst of slow requests', () => {
  let server: StandinServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('answers a quick request sent during the burst before the burst ends', async () => {
    const slow = defineScenario({
      name: 'test:rights.list.slow',
      provider: 'enfinitos',
      description: 'listRights after 40 ms of CPU, as a large seal takes.',
      responses: {
        listRights: (_call, next) => {
          spin(40)
          return next()
        },
      },
    })
    server = await startStandinServer({ extraScenarios: [slow] })
    const agent = new Agent({ keepAlive: true, maxSockets: 20 })
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${server?.url}${path}`, { agent, headers: { ...KEY, ...headers } }, (res) => {
          res.resume()
          res.on('end', () => resolve(performance.now()))
        })
        req.on('error', reject)
        req.end()
      })
    // Warm connections, so the burst arrives at once rather than one connect at a time.
    await Promise.all(Array.from({ length: 12 }, () => get('/v1/rights?limit=1')))
    const slowHeader = { 'x-standin-scenario': 'test:rights.list.slow' }
    const burst = Array.from({ length: 12 }, () => get('/v1/rights?limit=1', slowHeader))
    const quick = Promise.race(burst).then(() => get('/v1/runtime-keys'))
    const [quickDone, burstDone] = await Promise.all([quick, Promise.all(burst)])
    expect(quickDone).toBeLessThan(Math.max(...burstDone))
    agent.destroy()
  })
})
