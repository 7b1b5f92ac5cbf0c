/**
 * A real Chromium for the browser tests: Debian's `chromium` (installed by .ci/run with apt-get) driven by
 * playwright-core through `executablePath`; browser downloads are not possible on these machines.
 *
 * On a machine without Chromium the browser tests are skipped with the reason printed, so `npm test` works in a user's
 * fresh clone. In CI (`STANDIN_REQUIRE_BROWSER=1`, set by .ci/run) a missing Chromium fails instead: a judge that
 * cannot be installed is a failure, never a skip.
 */
import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const CANDIDATES = [process.env.STANDIN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  (p): p is string => typeof p === 'string' && p.length > 0,
)

/** The Chromium binary to drive, or undefined when this machine has none. */
export const chromiumPath: string | undefined = CANDIDATES.find((p) => existsSync(p))

/** True when browser tests must run (CI), so a missing Chromium is an error rather than a skip. */
export const browserRequired = process.env.STANDIN_REQUIRE_BROWSER === '1'

if (chromiumPath === undefined && browserRequired) {
  throw new Error(
    `STANDIN_REQUIRE_BROWSER=1 but no Chromium at ${CANDIDATES.join(', ')}: install Debian's chromium (apt-get install chromium)`,
  )
}

/** `describe.skipIf(noBrowser)`: true when there is no Chromium here (and it is not required). */
export const noBrowser = chromiumPath === undefined
if (noBrowser) console.warn('browser tests skipped: no Chromium on this machine (set STANDIN_CHROMIUM to its path)')

/**
 * Flags as this machine's probe found they must be: no sandbox (runs as root in CI), no GPU, and no background
 * networking, whose connections the closed network refuses (noisy, slow starts).
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

export async function launchChromium(): Promise<Browser> {
  if (chromiumPath === undefined) throw new Error('no Chromium on this machine')
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ARGS, timeout: 30_000 })
}

export interface WatchedPage {
  page: Page
  context: BrowserContext
  /** Console errors and uncaught page errors seen so far (a test asserts this is empty). */
  errors: string[]
}

/** A fresh context and page at the given viewport, collecting console errors and page errors. */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, colorScheme })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  return { page, context, errors }
}

/** Where screenshots go: produced by the test run, never committed (.gitignore has .tmp/). */
export const SCREENSHOT_DIR = '.tmp/screenshots'
