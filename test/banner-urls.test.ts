// Every URL `standin serve` prints at start-up answers something useful: the URLs are taken from what the CLI really
// printed (the text banner, and the `listening` line of `--log json`), never from a list kept in this test, so a URL
// added to the banner is checked the day it is added. Each must answer 200 with a body (a redirect would have to be
// documented; none is today, so one fails here) to a plain GET, as a person pasting it into a browser or curl sends.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RunningCli, startCli } from './helpers/cli.js'

const ARGS = ['--seed', '7', '--clock', '2026-04-01T12:00:00.000Z']
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }

let text: RunningCli
let json: RunningCli

beforeAll(async () => {
  ;[text, json] = await Promise.all([startCli(ARGS), startCli([...ARGS, '--log', 'json'])])
  // startCli resolves on the headline; the banner's last line (limits) may arrive in a later chunk
  await vi.waitFor(() => expect(text.output()).toMatch(/\n {2}limits /), { timeout: 10_000, interval: 50 })
}, 60_000)
afterAll(async () => {
  await Promise.all([text?.stop(), json?.stop()])
})

/** The http URLs in the text banner: its headline and the indented lines under it. */
function textBannerUrls(cli: RunningCli): string[] {
  const lines = cli.output().split('\n')
  const head = lines.findIndex((l) => /^standin \S+ listening on /.test(l))
  const end = lines.findIndex((l, i) => i > head && !l.startsWith(' '))
  const banner = lines.slice(head, end < 0 ? undefined : end).join('\n')
  return [...new Set([...banner.matchAll(/https?:\/\/[^\s)]+/g)].map((m) => m[0]))]
}

/** Every string field of the `listening` JSON line that is a URL, however deep. */
function jsonBannerUrls(cli: RunningCli): string[] {
  const line = cli
    .output()
    .split('\n')
    .map((l) => (l.startsWith('{') ? JSON.parse(l) : undefined))
    .find((l) => l?.event === 'listening')
  expect(line, `no listening line in:\n${cli.output()}`).toBeDefined()
  const urls: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string' && /^https?:\/\//.test(value)) urls.push(value)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }
  walk({ ...line, message: undefined }) // the headline repeats `url` inside a sentence
  return [...new Set(urls)]
}

/** Status and body of a GET to `url`, redirects not followed (a redirect is not an answer here). */
async function answer(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' })
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}

async function expectUseful(urls: string[], origin: string): Promise<void> {
  for (const url of urls) {
    expect(url.startsWith(`${origin}/`) || url === origin, `${url} is not on ${origin}`).toBe(true)
    for (const headers of [{}, HTML]) {
      const got = await answer(url, headers)
      const what = `GET ${url} (accept: ${(headers as { accept?: string }).accept ?? 'none'})`
      expect(got.status, `${what} answered ${got.status}: ${got.body.slice(0, 300)}`).toBe(200)
      expect(got.type, what).toBeTruthy()
      expect(got.body.trim().length, `${what} answered an empty body`).toBeGreaterThan(0)
    }
  }
}

describe('the URLs the start-up banner prints', () => {
  it('answer 200 with a body, every one in the text banner', async () => {
    const urls = textBannerUrls(text)
    // the home page, each provider and its spec, the admin API and its spec, health, the clock (fixed clock)
    expect(urls.length, text.output()).toBeGreaterThanOrEqual(9)
    expect(urls).toContain(`${text.url}/`)
    await expectUseful(urls, text.url)
  })

  it('answer 200 with a body, every one in the listening line of --log json', async () => {
    const urls = jsonBannerUrls(json)
    expect(urls.length, json.output()).toBeGreaterThanOrEqual(8)
    expect(urls).toContain(`${json.url}/__standin/health`)
    await expectUseful(urls, json.url)
  })

  it('are the same places in both forms of the banner', () => {
    const paths = (urls: string[], origin: string) => urls.map((u) => u.slice(origin.length)).sort()
    const fromJson = paths(jsonBannerUrls(json), json.url)
    // the text banner adds the clock's admin URL, which the JSON line gives as a clock mode instead
    const fromText = paths(textBannerUrls(text), text.url).filter((p) => p !== '/__standin/session/clock')
    expect(fromText).toEqual(fromJson)
  })
})
