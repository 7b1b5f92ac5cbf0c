/**
 * msw in the browser build (package.json `browser` maps load-msw.js here): a static import, which bundlers resolve and
 * tree-shake, and no Node built-ins. Same exports as load-msw.ts.
 */
import { http } from 'msw'
import type * as MswNode from 'msw/node'
import { StandinError } from '../core/errors.js'

/** What standin uses of msw's core. */
export type MswCore = { http: typeof http }

export function loadMsw(_feature?: string): MswCore {
  return { http }
}

/** `msw/node` has no browser build: in a page, start MSW with `setupWorker(...standin.handlers())` from 'msw/browser'. */
export function loadMswNode(feature = 'setupStandin() from standin/vitest'): typeof MswNode {
  throw new StandinError(
    `${feature} runs MSW's setupServer (msw/node), which does not run in a browser; in a page use ` +
      "setupWorker(...standin.handlers()) from 'msw/browser'",
  )
}
