// The dashboard (`GET /` of `standin serve`) driven in Debian's Chromium against a real server: the journal is live,
// scenarios and the clock change from the page reach the API, a tampered proof pack is drawn broken where it is
// broken, the page is keyboard navigable, has no horizontal overflow at 390 px and logs no console error. Each view
// is photographed at 1440 and 390 px into SCREENSHOT_DIR (not committed).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, noBrowser, openPage, SCREENSHOT_DIR, type WatchedPage } from './helpers/chromium.js'
import { type RunningCli, startCli } from './helpers/cli.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
const START = '2026-04-01T12:00:00.000Z'
const VIEWS = ['journal', 'sessions', 'operations', 'proofs', 'webhooks'] as const

let cli: RunningCli
let browser: Browser
const opened: WatchedPage[] = []

beforeAll(async () => {
  if (noBrowser) return
  ;[cli, browser] = await Promise.all([
    startCli(['--seed', '7', '--clock', START, '--log', 'silent']),
    launchChromium(),
  ])
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await cli?.stop()
})
afterEach(async () => {
  for (const w of opened.splice(0)) {
    expect(w.errors, 'console errors on the page').toEqual([])
    await w.context.close()
  }
})

/** The dashboard at `view`, in its own browser context, with `session` selected. */
async function dashboard(session: string, view: string, width = 1440, scheme: 'light' | 'dark' = 'light') {
  const watched = await openPage(browser, { width, height: 900 }, scheme)
  opened.push(watched)
  await watched.context.addInitScript((id) => sessionStorage.setItem('standin.session', id), session)
  await watched.page.goto(`${cli.url}/#${view}`)
  await watched.page.locator(`#view-${view}`).waitFor({ state: 'visible' })
  return watched.page
}

const api = (path: string, session: string, init: RequestInit = {}) =>
  fetch(`${cli.url}${path}`, { ...init, headers: { 'x-standin-session': session, ...(init.headers ?? {}) } })

describe.skipIf(noBrowser)('the dashboard in Chromium', () => {
  it('shows a request sent with curl in the journal view within a second', async () => {
    const page = await dashboard('t-journal', 'journal')
    await page.locator('#j-live.on').waitFor()
    const res = await api('/v1/rights?limit=7', 't-journal', { headers: KEY })
    expect(res.status).toBe(200)
    const row = page.locator('#j-list li', { hasText: '/v1/rights?limit=7' })
    await row.waitFor({ timeout: 1000 })
    await row.locator('summary').click()
    await expect.poll(() => row.locator('pre').last().textContent()).toContain(`curl -i '${cli.url}/v1/rights?limit=7'`)
    expect(await row.textContent()).toContain('The response conforms to the contract.')
    expect(await row.textContent()).toContain('Bearer [redacted]')
    expect(await row.textContent()).not.toContain('sk_test_0123456789abcdef')
  })

  it('filters the journal by status and operation', async () => {
    await api('/v1/rights?limit=1', 't-filter', { headers: KEY })
    await api('/v1/rights/nope', 't-filter', { headers: KEY })
    const page = await dashboard('t-filter', 'journal')
    await page.locator('#j-list li').nth(1).waitFor()
    await page.fill('#f-status', '4xx')
    await expect.poll(() => page.locator('#j-list li').count()).toBe(1)
    expect(await page.locator('#j-list li').textContent()).toContain('/v1/rights/nope')
    await page.fill('#f-status', '')
    await page.fill('#f-operation', 'listRights')
    await expect.poll(() => page.locator('#j-list li').count()).toBe(1)
    expect(await page.locator('#j-list li').textContent()).toContain('listRights')
  })

  it('activating enfinitos:rate-limited from the page makes the next request answer 429', async () => {
    const page = await dashboard('t-scenario', 'sessions')
    await page.fill('#s-search', 'rate-limited')
    await page.click('button[data-scenario="enfinitos:rate-limited"]')
    await page.locator('#s-active li', { hasText: 'enfinitos:rate-limited' }).waitFor()
    const res = await api('/v1/rights', 't-scenario', { headers: KEY })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('30')
    // and removing it from the page brings the default back
    await page.click('#s-active button')
    await page.locator('#s-active-none').waitFor({ state: 'visible' })
    expect((await api('/v1/rights', 't-scenario', { headers: KEY })).status).toBe(200)
  })

  it('advancing the clock from the page is seen by the API', async () => {
    const page = await dashboard('t-clock', 'sessions')
    await page.locator('#c-now', { hasText: START }).waitFor()
    await page.fill('#c-amount', '2')
    await page.selectOption('#c-unit', 'd')
    await page.click('#c-advance')
    await page.locator('#c-now', { hasText: '2026-04-03T12:00:00.000Z' }).waitFor()
    const clock = await (await api('/__standin/session/clock', 't-clock')).json()
    expect(clock.now).toBe('2026-04-03T12:00:00.000Z')
    await page.fill('#c-set', '2026-05-01T09:00:00.000Z')
    await page.click('#c-set-form button')
    await page.locator('#c-now', { hasText: '2026-05-01T09:00:00.000Z' }).waitFor()
    expect((await (await api('/__standin/session/clock', 't-clock')).json()).now).toBe('2026-05-01T09:00:00.000Z')
  })

  it("marks a tampered pack's broken record, and only it, in the proof-pack view", async () => {
    expect((await api('/v1/proof-packs/seal', 't-proofs', { method: 'POST', headers: KEY })).status).toBe(200)
    const page = await dashboard('t-proofs', 'proofs')
    await page.locator('[data-pack]').first().waitFor()
    expect(await page.locator('#p-result .rec.bad').count()).toBe(0)
    const scenario = { scenarios: ['enfinitos:proof-packs.tampered.payload-edited'] }
    const put = await api('/__standin/session/scenarios', 't-proofs', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scenario),
    })
    expect(put.status).toBe(200)
    await page.click('#p-run')
    const pack = page.locator('[data-pack]').last()
    await pack.locator('.rec.bad').first().waitFor()
    expect(await pack.locator('[data-record="0"]').getAttribute('data-broken')).toBe('true')
    expect(await pack.locator('[data-record="1"]').getAttribute('data-broken')).toBe('false')
    expect(await pack.locator('.total.bad[data-total="metering"]').count()).toBe(1)
    expect(await pack.locator('.total.bad[data-total="settlement"]').count()).toBe(0)
    expect(await pack.textContent()).toContain('AFTER_HASH_MISMATCH')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-proofs-tampered-1440.png'), fullPage: true })
  })

  it('lists the operations with what is inferred, and "try it" sends into the selected session', async () => {
    const page = await dashboard('t-ops', 'operations')
    const op = page.locator('#op-enfinitos-listRights')
    await op.locator('summary').click()
    await op.locator('form.try button[type="submit"]').click()
    await op.locator('form.try pre').waitFor()
    expect(await op.locator('form.try').textContent()).toContain('200')
    const journal = await (await api('/__standin/session/journal?operation=listRights', 't-ops')).json()
    expect(journal.total).toBe(1)
    const text = await page.locator('#o-list').textContent()
    expect(text).toMatch(/[1-9]\d* distinct inferred parts reached by operations/)
  })

  it('can be used with the keyboard alone: tabbing reaches the views, the session picker and the controls', async () => {
    const page = await dashboard('t-keys', 'journal')
    const reached = new Set<string>()
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''))
    }
    for (const want of ['Sessions', 'Proof packs', 'session', 'f-provider', 'f-status', 'j-clear'])
      expect(reached).toContain(want)
    await page.focus('nav.views a[href="#sessions"]')
    await page.keyboard.press('Enter')
    await page.locator('#view-sessions').waitFor({ state: 'visible' })
  })

  for (const width of [1440, 390]) {
    it(`has no horizontal overflow at ${width} px in any view (screenshots in ${SCREENSHOT_DIR})`, async () => {
      await api('/v1/rights?limit=2', 't-shots', { headers: KEY })
      await api('/v1/proof-packs/seal', 't-shots', { method: 'POST', headers: KEY })
      for (const view of VIEWS) {
        const page = await dashboard('t-shots', view, width, width === 390 ? 'dark' : 'light')
        if (view === 'journal') await page.locator('#j-list li').first().locator('summary').click()
        if (view === 'operations') await page.locator('#o-list details').first().locator('summary').click()
        if (view === 'proofs') await page.locator('[data-pack]').first().waitFor()
        if (view === 'sessions') await page.locator('#s-catalogue li').first().waitFor()
        if (view === 'webhooks') await page.locator('#w-result h2').first().waitFor()
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        expect(overflow, `${view} at ${width} px`).toBeLessThanOrEqual(0)
        await page.screenshot({ path: join(SCREENSHOT_DIR, `dashboard-${view}-${width}.png`), fullPage: width !== 390 })
      }
    }, 120_000)
  }
})
