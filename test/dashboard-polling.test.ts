// The dashboard's journal view when streaming is not possible (a proxy that buffers or drops Server-Sent Events): the
// stream request fails, the page falls back to polling `GET /__standin/session/journal?after=<seq>` once a second, a
// request sent from outside still shows up, and a reset of the session's journal (whose seqs start again from 1)
// empties the view instead of leaving the old entries up and hiding the new ones behind a stale `after`.
// Driven in Debian's Chromium against a real `standin serve`; every wait is bounded (this is not a timing test).
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, noBrowser, openPage, type WatchedPage } from './helpers/chromium.js'
import { type RunningCli, startCli } from './helpers/cli.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
const STREAM = '**/__standin/session/journal/stream**'
const WAIT = { timeout: 10_000 }

let cli: RunningCli
let browser: Browser
const opened: WatchedPage[] = []

beforeAll(async () => {
  if (noBrowser) return
  ;[cli, browser] = await Promise.all([
    startCli(['--seed', '7', '--clock', '2026-04-01T12:00:00.000Z', '--log', 'silent']),
    launchChromium(),
  ])
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await cli?.stop()
})
afterEach(async () => {
  for (const w of opened.splice(0)) {
    // The aborted stream request is logged by Chromium as a failed resource; anything else is a fault of the page.
    expect(w.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([])
    await w.context.close()
  }
})

const api = (path: string, session: string, init: RequestInit = {}) =>
  fetch(`${cli.url}${path}`, { ...init, headers: { 'x-standin-session': session, ...(init.headers ?? {}) } })

/**
 * The journal view for `session` with its event stream refused at the network level, once it says it is polling.
 * `polls` collects the `after` value of every poll the page sends.
 */
async function pollingJournal(session: string): Promise<{ page: Page; polls: string[] }> {
  const watched = await openPage(browser)
  opened.push(watched)
  const { page, context } = watched
  await context.route(STREAM, (route) => route.abort())
  const polls: string[] = []
  page.on('request', (req) => {
    const url = new URL(req.url())
    if (url.pathname === '/__standin/session/journal' && url.searchParams.has('after'))
      polls.push(url.searchParams.get('after') as string)
  })
  await context.addInitScript((id) => sessionStorage.setItem('standin.session', id), session)
  await page.goto(`${cli.url}/#journal`)
  await page.locator('#view-journal').waitFor({ state: 'visible', ...WAIT })
  await page.locator('#j-live', { hasText: 'polling' }).waitFor(WAIT)
  return { page, polls }
}

const rows = (page: Page) => page.locator('#j-list li')

describe.skipIf(noBrowser)('the journal view without a stream (polling fallback)', () => {
  it('shows a request sent from outside the page by polling ?after=<last seq>', async () => {
    const { page, polls } = await pollingJournal('t-poll-new')
    const res = await api('/v1/rights?limit=3', 't-poll-new', { headers: KEY })
    expect(res.status).toBe(200)
    await rows(page).filter({ hasText: '/v1/rights?limit=3' }).waitFor(WAIT)
    expect(await page.locator('#j-live').textContent()).toBe('live (polling every second)')
    expect(polls.length).toBeGreaterThan(0)
    expect(polls[0]).toBe('0')
    await expect.poll(() => rows(page).count(), WAIT).toBe(1)
  })

  it('drops the old entries when the session is reset, then shows the new journal from its first entry', async () => {
    await api('/v1/rights?limit=1', 't-poll-reset', { headers: KEY })
    await api('/v1/rights?limit=2', 't-poll-reset', { headers: KEY })
    const { page } = await pollingJournal('t-poll-reset')
    await expect.poll(() => rows(page).count(), WAIT).toBe(2)

    expect((await api('/__standin/session/reset', 't-poll-reset', { method: 'POST' })).status).toBe(200)
    await expect.poll(() => rows(page).count(), WAIT).toBe(0)

    // seq 1 again: shown, although the page had seen seq 2 before the reset
    expect((await api('/v1/rights?limit=5', 't-poll-reset', { headers: KEY })).status).toBe(200)
    await rows(page).filter({ hasText: '/v1/rights?limit=5' }).waitFor(WAIT)
    expect(await rows(page).count()).toBe(1)
  })

  it('drops the old entries when the journal is cleared from outside the page', async () => {
    await api('/v1/rights?limit=4', 't-poll-clear', { headers: KEY })
    const { page } = await pollingJournal('t-poll-clear')
    await rows(page).filter({ hasText: '/v1/rights?limit=4' }).waitFor(WAIT)
    expect((await api('/__standin/session/journal', 't-poll-clear', { method: 'DELETE' })).status).toBe(204)
    await expect.poll(() => rows(page).count(), WAIT).toBe(0)
  })
})
