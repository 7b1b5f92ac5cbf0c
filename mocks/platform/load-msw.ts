/**
 * msw, loaded the first time an MSW feature is used (Node). msw is an optional peer: `import 'standin'` must work
 * without it, and users of `standin.fetch` alone should not pay its import time (about 100 ms). `handlers()` is
 * synchronous, so this loads msw with require(): on Node >= 20.19 that gives the same ES module instance an
 * `import 'msw'` gets (msw 2 through its `module-sync` export condition, msw 3 being ESM only), so the handlers made
 * here are the ones the user's `setupServer` from 'msw/node' knows. The browser build swaps this file for
 * load-msw.browser.ts (package.json `browser` field), where bundlers want a static import.
 */
import { createRequire } from 'node:module'
import type * as Msw from 'msw'
import type * as MswNode from 'msw/node'
import { MissingPeerError } from './missing-peer.js'

const require = createRequire(import.meta.url)

/** What standin uses of msw's core. */
export type MswCore = Pick<typeof Msw, 'http'>

let core: MswCore | undefined
let node: typeof MswNode | undefined

/** msw's core (`http`); throws MissingPeerError naming the package when it is not installed. */
export function loadMsw(feature = 'standin.handlers()'): MswCore {
  core ??= load<MswCore>('msw', feature, (m) => typeof m.http?.all === 'function')
  return core
}

/** `msw/node` (`setupServer`), for `standin/vitest`. */
export function loadMswNode(feature = 'setupStandin() from standin/vitest'): typeof MswNode {
  node ??= load<typeof MswNode>('msw/node', feature, (m) => typeof m.setupServer === 'function')
  return node
}

function load<T>(specifier: string, feature: string, usable: (m: T) => boolean): T {
  let loaded: T
  try {
    loaded = require(specifier) as T
  } catch (err) {
    throw explain(err, feature)
  }
  if (!usable(loaded))
    throw new MissingPeerError('msw', feature, {
      detail: 'the installed version is too old: standin needs msw 2.9 or later',
    })
  return loaded
}

/** A missing msw becomes MissingPeerError; anything else (msw itself failing to load) is passed on as it is. */
function explain(err: unknown, feature: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const message = err instanceof Error ? err.message : ''
  if (code === 'MODULE_NOT_FOUND' && /['"]msw(\/node)?['"]/.test(message))
    return new MissingPeerError('msw', feature, { cause: err })
  if (code === 'ERR_REQUIRE_ESM' || code === 'ERR_REQUIRE_ASYNC_MODULE')
    return new MissingPeerError('msw', feature, {
      cause: err,
      detail: `it is installed, but this Node.js (${process.version}) cannot load it with require(): standin needs Node.js 20.19 or later`,
    })
  return err
}
