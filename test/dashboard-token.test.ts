// The dashboard of a server with an admin token: the page asks for the token, or takes it from the URL fragment and
// removes it from the address bar at once; the token never appears in a URL the page requests.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, noBrowser, openPage } from './helpers/chromium.js'
import { type RunningCli, startCli } from './helpers/cli.js'

const TOKEN = 'sta_dashboard-test-token-0123456789'
let cli: RunningCli
let browser: Browser

beforeAll(async () => {
  if (noBrowser) return
  ;[cli, browser] = await Promise.all([startCli(['--admin-token', TOKEN, '--log', 'silent']), launchChromium()])
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await cli?.stop()
})

describe.skipIf(noBrowser)('the dashboard of a server with an admin token', () => {
  it('takes the token from the URL fragment, drops it from the address bar, and never puts it in a URL', async () => {
    const { page, context, errors } = await openPage(browser)
    const urls: string[] = []
    page.on('request', (r) => urls.push(r.url()))
    await page.goto(`${cli.url}/#token=${TOKEN}`)
    await page.locator('#j-live.on').waitFor()
    expect(page.url()).not.toContain(TOKEN)
    expect(urls.filter((u) => u.includes(TOKEN))).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })

  it('asks for the token when it has none, then works with the one typed in', async () => {
    const { page, context } = await openPage(browser)
    await page.goto(`${cli.url}/`)
    await page.locator('#token-panel').waitFor({ state: 'visible' })
    await page.fill('#token-input', TOKEN)
    await page.keyboard.press('Enter')
    await page.locator('#j-live.on').waitFor()
    expect(await page.locator('#token-panel').isHidden()).toBe(true)
    await context.close()
  })
})
