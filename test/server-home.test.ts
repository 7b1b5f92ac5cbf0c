// `GET /` of `standin serve`: a page for people that lists every operation and scenario, says how to select one,
// links to the raw specs (links that work), and escapes everything it shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Scenario } from '../mocks/core/scenarios.js'
import { loadAdminContract } from '../mocks/http/admin.js'
import { escapeHtml, renderHomePage } from '../mocks/http/home-page.js'
import { createProviders, scenariosFor } from '../mocks/providers.js'
import { type RunningCli, rawRequest, startCli } from './helpers/cli.js'

let cli: RunningCli
let html: string
let response: Response

beforeAll(async () => {
  cli = await startCli(['--seed', '7', '--log', 'silent'])
  response = await fetch(`${cli.url}/`)
  html = await response.text()
})
afterAll(async () => {
  await cli?.stop()
})

describe('GET /', () => {
  it('is an HTML page with a strict content security policy', () => {
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<title>standin ')
  })

  it('lists every operation of both providers with method, path, summary and provenance', () => {
    for (const provider of createProviders()) {
      for (const op of provider.contract.operations) {
        const row = new RegExp(
          `>${op.method.toUpperCase()}</span></td>\\s*<td><code>${escapeRegExp(escapeHtml(op.path))}</code></td>\\s*<td>${escapeRegExp(escapeHtml(op.summary))}<div class="opid">${op.operationId}</div></td>\\s*<td>(<a|<span) class="src (documented|inferred)"`,
        )
        expect(html, `${provider.name}.${op.operationId}`).toMatch(row)
      }
    }
  })

  it('lists every scenario with its description', () => {
    for (const s of scenariosFor()) {
      expect(html, s.name).toContain(`<td><code>${escapeHtml(s.name)}</code></td>\n<td>${escapeHtml(s.description)}`)
    }
  })

  it('says how to select a scenario: headers, the admin API and the CLI', () => {
    for (const text of [
      'Prefer: scenario=',
      'X-Standin-Scenario: ',
      'Prefer: code=404',
      'Prefer: example=NAME',
      'Prefer: dynamic=true',
      'X-Standin-Session',
      '/__standin/session/scenarios',
      'standin serve --scenario ',
    ]) {
      expect(html).toContain(escapeHtml(text))
    }
    for (const op of loadAdminContract().operations) expect(html).toContain(`<code>${op.path}</code>`)
  })

  it('links to the raw specs, and every link on the page works', async () => {
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] as string)
    for (const spec of ['/openapi/enfinitos.yaml', '/openapi/dedit.yaml', '/openapi/standin-admin.yaml']) {
      expect(links).toContain(spec)
    }
    for (const link of new Set(links.filter((l) => l.startsWith('/')))) {
      const res = await fetch(`${cli.url}${link}`)
      expect(res.status, link).toBe(200)
      await res.arrayBuffer()
    }
    const anchors = links.filter((l) => l.startsWith('#')).map((l) => l.slice(1))
    for (const id of anchors) expect(html, id).toContain(`id="${id}"`)
  })

  it('answers HEAD without a body', async () => {
    const head = await rawRequest(`${cli.url}/`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(head.body.length).toBe(0)
  })
})

describe('renderHomePage', () => {
  it('escapes everything it puts into HTML', () => {
    const evil: Scenario = {
      name: 'enfinitos:<script>alert(1)</script>',
      description: `"quoted" & 'single' <img src=x onerror=alert(1)>`,
      provider: 'enfinitos',
      operations: { '<b>op</b>': { kind: 'default' } },
    }
    const providers = createProviders(['enfinitos'])
    const page = renderHomePage({
      version: '1.0.0<i>',
      baseUrl: 'http://127.0.0.1:4010"><script>',
      providers,
      scenarios: [evil],
      admin: loadAdminContract(),
      startupScenarios: ['<u>x</u>'],
      seed: '<7>',
    })
    expect(page).not.toMatch(/<script|<img|<b>op|<u>|<i>|"><|onerror=alert\(1\)>/)
    expect(page).toContain('enfinitos:&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).toContain('&quot;quoted&quot; &amp; &#39;single&#39; &lt;img src=x onerror=alert(1)&gt;')
  })

  it('links a documented operation only to an http(s) source', () => {
    const [provider] = createProviders(['enfinitos'])
    if (!provider) throw new Error('no provider')
    const op = provider.contract.operations[0]
    if (!op) throw new Error('no operation')
    const evilOp = { ...op, extensions: { 'x-standin-source': { kind: 'documented', url: 'javascript:alert(1)' } } }
    const page = renderHomePage({
      version: '1',
      baseUrl: 'http://127.0.0.1:4010',
      providers: [{ ...provider, contract: { ...provider.contract, operations: [evilOp] } }],
      scenarios: [],
      admin: loadAdminContract(),
      startupScenarios: [],
      seed: '1',
    })
    expect(page).not.toContain('javascript:')
    expect(page).toContain('<span class="src documented">documented</span>')
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
