// standin in a real browser, bundled as a user's bundler bundles it: the package (its `exports` and its `browser`
// field, which swaps the Node platform modules for their browser variants) is built from the sources into .tmp,
// test/browser/page.ts is bundled against it with esbuild for the browser, and Debian's Chromium opens the page from
// a loopback server that also serves MSW's service worker. The page creates a standin, starts MSW's setupWorker with
// its handlers, issues a right with fetch, seals a proof pack and verifies it there (test/browser/journey.ts).
// The same journey then runs here in Node on the sources: every response byte, every verdict and every signature
// must be the same.
import { execFile } from 'node:child_process'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../mocks/core/contract.js'
import * as enfinitos from '../mocks/enfinitos/index.js'
import { createStandin } from '../mocks/index.js'
import { CLOCK, type JourneyResult, journey, SEED } from './browser/journey.js'
import { launchChromium, noBrowser, openPage, SCREENSHOT_DIR } from './helpers/chromium.js'

const run = promisify(execFile)
const ROOT = packageRoot()
const WORK = join(ROOT, '.tmp', 'browser-standin')
/** The package as an install puts it: package.json and a fresh dist/, under node_modules/standin. */
const PACKAGE = join(WORK, 'node_modules', 'standin')
const OUT = join(WORK, 'site')

/** The page imports the sources by path (for the type checker); the bundle takes the package's entry points instead. */
const AS_PACKAGE: Record<string, string> = {
  '../../mocks/index.js': 'standin',
  '../../mocks/enfinitos/index.js': 'standin/enfinitos',
}

/** Builds the package into .tmp (tsc, as `npm run build` does) with the repository's package.json beside it. */
async function buildPackage(): Promise<void> {
  await rm(WORK, { recursive: true, force: true })
  await mkdir(PACKAGE, { recursive: true })
  // A project of its own around node_modules/standin: otherwise the repository's package.json (named standin) would
  // answer `import 'standin'` itself (package self-reference) with the repository's dist/, which may be stale.
  await writeFile(join(WORK, 'package.json'), JSON.stringify({ name: 'standin-browser-test', private: true }))
  await copyFile(join(ROOT, 'package.json'), join(PACKAGE, 'package.json'))
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const args = [
    tsc,
    '-p',
    join(ROOT, 'tsconfig.build.json'),
    '--outDir',
    join(PACKAGE, 'dist'),
    '--declaration',
    'false',
  ]
  // Type errors are the typecheck step's business; tsc still writes the JavaScript, which is what is bundled here.
  await run(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
    if (!/error TS/.test(error.stdout ?? '')) throw error
  })
}

/** Bundles the page for the browser against the package; returns the metafile. */
async function bundlePage(): Promise<esbuild.Metafile> {
  const asPackage: esbuild.Plugin = {
    name: 'page-imports-the-package',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/\.\.\/mocks\/(enfinitos\/)?index\.js$/ }, (args) =>
        build.resolve(AS_PACKAGE[args.path] as string, { kind: args.kind, resolveDir: WORK }),
      )
    },
  }
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'test', 'browser', 'page.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    outfile: join(OUT, 'page.js'),
    metafile: true,
    logLevel: 'silent',
    plugins: [asPackage],
  })
  await copyFile(join(ROOT, 'test', 'browser', 'index.html'), join(OUT, 'index.html'))
  await copyFile(join(ROOT, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js'), join(OUT, 'mockServiceWorker.js'))
  return result.metafile
}

const TYPES: Record<string, string> = {
  '/index.html': 'text/html; charset=utf-8',
  '/page.js': 'text/javascript; charset=utf-8',
  '/mockServiceWorker.js': 'text/javascript; charset=utf-8',
}

/** Serves the three files of OUT on loopback, on an ephemeral port. */
async function serveSite(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const file = path === '/' ? '/index.html' : path
    const type = TYPES[file]
    if (type === undefined) {
      res.writeHead(404).end()
      return
    }
    readFile(join(OUT, file)).then(
      (body) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(500).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

describe.skipIf(noBrowser)('standin bundled for the browser, in Chromium', () => {
  let metafile: esbuild.Metafile
  let server: Server
  let browser: Browser
  let inPage: { result?: JourneyResult; error?: string }
  let errors: string[]

  beforeAll(async () => {
    await buildPackage()
    metafile = await bundlePage()
    server = await serveSite()
    browser = await launchChromium()
    const watched = await openPage(browser)
    errors = watched.errors
    const { port } = server.address() as AddressInfo
    await watched.page.goto(`http://127.0.0.1:${port}/?seed=${SEED}&clock=${CLOCK}`)
    await watched.page.waitForFunction(() => window.__journey !== undefined, undefined, { timeout: 60_000 })
    inPage = (await watched.page.evaluate(() => window.__journey)) as typeof inPage
    await mkdir(join(ROOT, SCREENSHOT_DIR), { recursive: true })
    await watched.page.screenshot({ path: join(ROOT, SCREENSHOT_DIR, 'browser-standin.png') })
    await watched.context.close()
  }, 240_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  })

  it('bundles with no Node built-in, through the browser variants of the platform modules', async () => {
    const inputs = Object.keys(metafile.inputs)
    expect(inputs.filter((f) => f.startsWith('node:'))).toEqual([])
    const imported = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path))
    expect(imported.filter((p) => p.startsWith('node:') || /^(fs|path|crypto|module|url|http)$/.test(p))).toEqual([])
    const platform = inputs
      .filter((f) => f.includes('/dist/mocks/platform/'))
      .map((f) => relative(join(PACKAGE, 'dist'), join(ROOT, f)))
    expect(platform.sort()).toEqual(
      expect.arrayContaining([
        'mocks/platform/crypto.browser.js',
        'mocks/platform/load-faker.browser.js',
        'mocks/platform/load-msw.browser.js',
        'mocks/platform/specs.browser.js',
      ]),
    )
    for (const nodeOnly of ['crypto.js', 'load-faker.js', 'load-msw.js', 'specs.js'])
      expect(platform).not.toContain(`mocks/platform/${nodeOnly}`)
    const bundle = await readFile(join(OUT, 'page.js'))
    console.log(
      `browser bundle (page, standin, msw/browser, minified): ${bundle.length} bytes, ${gzipSync(bundle).length} gzipped`,
    )
  })

  it('runs the journey in the page: a right issued through the service worker, a pack sealed and verified there', () => {
    expect(inPage.error).toBeUndefined()
    const result = inPage.result as JourneyResult
    expect(result.exchanges.map((e) => [e.step, e.status])).toEqual([
      ['register a basis', 200],
      ['issue a right', 200],
      ['observe a delivery', 200],
      ['seal a pack', 200],
      ['read the pack back', 200],
      ['read the runtime keys', 200],
      ['list the packs', 200],
      ['log in to Dedit', 200],
      ['read the Dedit subscription', 200],
    ])
    expect(result.packId).toMatch(/^ppk_[0-9a-f]{16}$/)
    expect(result.verdict).toMatchObject({ ok: true, failures: [] })
    expect(result.series.length).toBeGreaterThan(1) // the world's packs, then the new one
    expect(result.series.every(Boolean)).toBe(true)
    expect(result.sample.verdicts).toEqual([true, true])
    for (const t of result.tamperings) expect(t.failures, t.name).toEqual(t.expected)
    expect(errors).toEqual([])
  })

  it('gives the bytes Node gives for the same seed and clock: responses, packs, verdicts, signatures', async () => {
    const standin = createStandin({ seed: SEED, clock: CLOCK })
    const inNode = await journey(standin.fetch, enfinitos)
    const result = inPage.result as JourneyResult
    // The sealed pack first, by itself, so a difference there reads as what it is.
    const sealed = (r: JourneyResult) => r.exchanges.find((e) => e.step === 'seal a pack')?.text
    expect(sealed(result)).toBe(sealed(inNode))
    expect(result).toEqual(inNode)
  })
})
