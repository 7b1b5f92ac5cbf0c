/**
 * Requests take turns. node runs every request that arrived together, one after another, before it reads or writes
 * its sockets again. For small answers that is what makes it fast (their answers go out together, writer.ts). But 50
 * proof packs sealed at once are 50 x 30 ms: the event loop was held for 1.5 s, no other session got an answer
 * meanwhile, no timer ran (session expiry, the memory monitor, webhook deliveries), and of each pack's 3.7 MB answer
 * only what the kernel took at once left before the last pack was made.
 *
 * So each turn of the event loop runs the requests that arrived in it for TURN_BUDGET_MS; those that arrive after
 * that wait, first come first served. Waiting requests run after node has served its sockets (setImmediate), for
 * TURN_BUDGET_MS too, at least one per turn. A request that arrives while others wait is not queued behind them if
 * its turn has time: a small request sent during a burst of seals waits for the seal running, not for the burst, and
 * the seals still advance by one or more each turn. Small requests never notice (50 of them take ~4 ms).
 */
import { performance } from 'node:perf_hooks'

/** How long a turn of the event loop runs requests before it lets node serve its sockets. */
export const TURN_BUDGET_MS = 10

export interface TurnGate {
  /** Resolves when the request may run; undefined when it may run at once (no promise made). */
  enter(): Promise<void> | undefined
  /** The request that entered is done (call it once, whatever its outcome). */
  leave(): void
  /** Requests waiting for their turn. */
  readonly waiting: number
}

export function createTurnGate(budgetMs = TURN_BUDGET_MS): TurnGate {
  const waiting: Array<() => void> = []
  let arrivalsStart = -1 // when this turn's first arrival ran; -1 until one does
  let resumeStart = -1 // when the waiting requests' run in this turn began; -1 outside it
  let resumeScheduled = false

  const within = (start: number) => performance.now() - start <= budgetMs
  const endArrivals = () => {
    arrivalsStart = -1
  }
  // Waiting requests run once node has served its sockets: one, then the next while the turn has time (leave), and
  // one more in the next turn at the latest, even if this one is still out (a scenario's delay holds no one else).
  const resume = () => {
    resumeScheduled = false
    resumeStart = performance.now()
    waiting.shift()?.()
    scheduleResume()
  }
  const scheduleResume = () => {
    if (resumeScheduled || waiting.length === 0) return
    resumeScheduled = true
    setImmediate(resume)
  }

  return {
    enter() {
      if (arrivalsStart < 0) {
        arrivalsStart = performance.now()
        setImmediate(endArrivals)
      }
      if (within(arrivalsStart)) return undefined
      const turn = new Promise<void>((resolve) => waiting.push(resolve))
      scheduleResume()
      return turn
    },
    leave() {
      if (resumeStart >= 0 && waiting.length > 0 && within(resumeStart)) return void waiting.shift()?.()
      resumeStart = -1
    },
    get waiting() {
      return waiting.length
    },
  }
}
