/**
 * The adapters' side of outbound deliveries (core/outbound.ts), for any provider that has them: deliver what is due
 * in a session now (after a clock move, on `deliverDue()`), and a scheduler that does it on its own for `standin
 * serve` (a live clock's retries come due as time passes; a fixed clock's when a request ticks it past them).
 */
import type { Engine } from './core/engine.js'
import type { Session } from './core/session.js'

/** Every delivery due in `session` now, attempted through the engine's transport; resolves with the attempts made. */
export async function deliverDueNow(engine: Engine, session: Session): Promise<number> {
  const runs: Promise<number>[] = []
  for (const provider of engine.providers) {
    const outbound = provider.outbound
    if (!outbound) continue
    const state = session.state(provider.name)
    if (outbound.nextDueMs(state) > session.clock.nowMs()) continue
    runs.push(outbound.deliverDue(state, session.clock, engine.outbound))
  }
  if (runs.length === 0) return 0
  const counts = await Promise.all(runs)
  return counts.reduce((a, b) => a + b, 0)
}

export interface OutboundScheduler {
  /** Delivers what is due in `session` now, in the background (a failure is never thrown at the caller). */
  kick(session: Session): void
  /** Resolves once every delivery the scheduler started has ended. */
  idle(): Promise<void>
  /** Stops the timer; deliveries under way are left to the transport (which `close()` ends). */
  stop(): void
}

/** Looks at every session each `intervalMs` (default 1 s; the timer never keeps the process alive). */
export function createOutboundScheduler(
  engine: Engine,
  sessions: () => Iterable<Session>,
  intervalMs = 1000,
): OutboundScheduler {
  const running = new Set<Promise<unknown>>()
  const kick = (session: Session) => {
    const run = deliverDueNow(engine, session).catch(() => 0)
    running.add(run)
    run.finally(() => running.delete(run))
  }
  const timer = setInterval(() => {
    for (const session of sessions()) kick(session)
  }, intervalMs)
  timer.unref()
  return {
    kick,
    async idle() {
      // Bounded: each round waits for what was running when it began; deliveries end within their timeout.
      for (let round = 0; round < 100 && running.size > 0; round++) await Promise.all([...running])
    },
    stop: () => clearInterval(timer),
  }
}
