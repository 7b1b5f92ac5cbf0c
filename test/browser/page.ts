// The page test/browser-standin.test.ts opens in Chromium. It imports standin's sources by path so the type checker
// sees them, but the test bundles it with those two imports resolved to the PACKAGE ('standin', 'standin/enfinitos':
// its exports and its `browser` field, from a fresh build of dist/), as a user's bundler would.
//
// It starts MSW's service worker with standin's handlers, runs the journey (test/browser/journey.ts) with the page's
// own fetch, and leaves the result on `window.__journey` for the test to read.
import { setupWorker } from 'msw/browser'
import * as enfinitos from '../../mocks/enfinitos/index.js'
import { createStandin } from '../../mocks/index.js'
import { journey } from './journey.js'

declare global {
  interface Window {
    __journey?: { result?: unknown; error?: string }
  }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search)
  const standin = createStandin({ seed: params.get('seed') ?? 'unset', clock: params.get('clock') ?? undefined })
  const worker = setupWorker(...standin.handlers())
  await worker.start({ quiet: true, onUnhandledRequest: 'error', serviceWorker: { url: '/mockServiceWorker.js' } })
  try {
    window.__journey = { result: await journey(window.fetch.bind(window), enfinitos) }
  } finally {
    worker.stop()
  }
}

main().catch((error: unknown) => {
  window.__journey = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
})
