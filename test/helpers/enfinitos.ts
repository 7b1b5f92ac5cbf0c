// The engine-level harness the EnfinitOS behaviour tests share: one engine over the EnfinitOS provider and its
// scenarios, fresh sessions on a fixed clock, an admin-key request helper and the session's state.
import type { Session } from '../../mocks/core/session.js'
import type { FinalResponse } from '../../mocks/core/types.js'
import type { EnfinitosState } from '../../mocks/enfinitos/world.js'
import { createEngine } from './engine.js'

export const START = '2026-04-01T12:00:00.000Z'
export const ADMIN = 'sk_test_0123456789abcdef'
export const engine = createEngine({ providers: ['enfinitos'] })

/** A fresh seeded session (seed 7) whose clock starts at START. */
export const newSession = (id = 'test') => engine.createSession(id, { seed: 7, clock: START })

// biome-ignore lint/suspicious/noExplicitAny: response bodies are validated by the engine; tests read them freely.
export type Res = FinalResponse & { body: any }

/** Sends one request with the admin key (and a JSON body when given) through the engine. */
export async function call(session: Session, method: string, path: string, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` }
  if (body !== undefined) headers['content-type'] = 'application/json'
  return (await engine.handle(
    { method, path, query: '', headers, ...(body === undefined ? {} : { bodyText: JSON.stringify(body) }) },
    session,
  )) as Res
}

export const stateOf = (session: Session) => session.state<EnfinitosState>('enfinitos')

/**
 * Observes `n` deliveries against one of the seeded world's ACTIVE rights (anchor `anchor_pad_01`, dwellMs 1000 + i)
 * and returns their answers; throws on any answer but 200.
 */
export async function observeDeliveries(session: Session, n: number): Promise<Res[]> {
  const right = [...stateOf(session).rights.values()].find((e) => e.right.status === 'ACTIVE')?.right
  const answers: Res[] = []
  for (let i = 0; i < n; i++) {
    const res = await call(session, 'POST', '/v1/delivery', {
      rightId: right?.id,
      spatialAnchorId: 'anchor_pad_01',
      dwellMs: 1000 + i,
    })
    if (res.status !== 200) throw new Error(`observeDelivery answered ${res.status}: ${res.bodyText}`)
    answers.push(res)
  }
  return answers
}
