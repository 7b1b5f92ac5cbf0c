// The README's install and quick start, run as written in a new project: this repository packed (`npm pack`, as the
// README's checkout step does), the tarball put where the README's `npm install` line expects it, that line run
// (msw from the registry, the npm cache first), then `npx standin serve` answering the README's curl requests and the
// in-process script. A second project installs the tarball without msw: `import 'standin'` must work there, and an MSW
// call must say what to install. The package's own hygiene is checked on what npm installed: a LICENSE, repository
// fields, no install script, no source map pointing at a file that is not shipped.
import { type ChildProcess, spawn } from 'node:child_process'
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  explain,
  killGroup,
  NPM_FLAGS,
  packStandin,
  type Ran,
  ROOT,
  runBounded,
  shellEnv,
  tempDir,
} from './helpers/consumer-project.js'

const README = join(ROOT, 'README.md')

/** The README's install section, between its markers: its fenced blocks, in order, with their language. */
async function installSection(): Promise<{ lang: string; body: string }[]> {
  const text = await readFile(README, 'utf8')
  const start = text.indexOf('<!-- install:start')
  const end = text.indexOf('<!-- install:end -->')
  if (start < 0 || end < start)
    throw new Error('README.md has no <!-- install:start --> ... <!-- install:end --> section')
  return [...text.slice(start, end).matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] as string,
    body: m[2] as string,
  }))
}

/** The shell lines of the section: comments dropped, one command per line. */
function shellLines(blocks: { lang: string; body: string }[]): string[] {
  return blocks
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.body.split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/** Splits a shell line into words: single and double quotes, no expansion (what the README's lines use). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? (m[3] as string))
}

/** A README curl line as a fetch against `origin` instead of the one it names. */
async function curl(args: string[], origin: string): Promise<Response> {
  let method = 'GET'
  let body: string | undefined
  let url = ''
  const headers: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-X') method = args[++i] as string
    else if (arg === '-H') {
      const [name, ...value] = (args[++i] as string).split(':')
      headers[(name as string).trim()] = value.join(':').trim()
    } else if (arg === '-d') body = args[++i]
    else if (/^https?:\/\//.test(arg)) url = arg
    else if (arg !== '-s') throw new Error(`the test does not know curl's ${arg}: extend curl() in this file`)
  }
  const target = new URL(url)
  return fetch(`${origin}${target.pathname}${target.search}`, {
    method: body !== undefined && method === 'GET' ? 'POST' : method,
    headers,
    ...(body === undefined ? {} : { body }),
  })
}

let work = ''
let project = ''
let bare = ''
let blocks: { lang: string; body: string }[] = []
let install: Ran | undefined
const steps: Ran[] = []
const env = shellEnv()

async function step(command: string, args: string[], cwd: string, timeoutMs = 180_000): Promise<Ran> {
  const ran = await runBounded(command, args, { cwd, env, timeoutMs })
  steps.push(ran)
  expect(ran.code, explain(ran)).toBe(0)
  return ran
}

beforeAll(async () => {
  work = await tempDir('install')
  blocks = await installSection()
  const tarball = await packStandin(work)
  project = join(work, 'my-app')
  bare = join(work, 'no-msw')
  for (const dir of [project, bare]) {
    await mkdir(dir)
    await step('npm', ['init', '-y'], dir, 60_000)
  }
  // The README's own install line, the tarball put where it says (its name carries the version: a bump that leaves
  // the README behind fails here).
  const line = shellLines(blocks).find((l) => l.startsWith('npm install'))
  if (!line) throw new Error('the install section has no `npm install` line')
  const args = words(line)
  const where = args.find((a) => a.endsWith('.tgz'))
  expect(where && basename(where), `the README installs ${where}; npm pack wrote ${basename(tarball)}`).toBe(
    basename(tarball),
  )
  await mkdir(join(project, dirname(where as string)), { recursive: true })
  await copyFile(tarball, join(project, where as string))
  install = await step(args[0] as string, [...args.slice(1), ...NPM_FLAGS], project)
  // The same tarball without msw (an optional peer that npm does not install on its own).
  await step('npm', ['install', '--save-dev', tarball, ...NPM_FLAGS], bare)
}, 420_000)

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

describe("the README's install, in a new project", () => {
  it('installs standin from the tarball and msw from the registry, with no install script of standin to approve', async () => {
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'))
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(['msw', 'standin'])
    const installed = JSON.parse(await readFile(join(project, 'node_modules/standin/package.json'), 'utf8'))
    // npm 11 lists a non-registry package's `prepare` as an install script to approve, even for a tarball.
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare']
    expect(Object.keys(installed.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([])
    expect(`${install?.stdout}\n${install?.stderr}`).not.toMatch(/standin@[\d.]+ \(/)
    expect(await readdir(join(project, 'node_modules/.bin'))).toContain('standin')
  })

  it('ships a LICENSE, its repository and issue tracker, and no source map pointing at a file it does not ship', async () => {
    const dir = join(project, 'node_modules/standin')
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    expect(pkg.license).toBe('MIT')
    expect(await readFile(join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/)
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/standin-dev/standin.git' })
    expect(pkg.bugs.url).toBe('https://github.com/standin-dev/standin/issues')
    const files = await walk(dir)
    const dangling: string[] = []
    for (const map of files.filter((f) => f.endsWith('.map'))) {
      const { sources } = JSON.parse(await readFile(map, 'utf8')) as { sources: string[] }
      for (const source of sources) {
        if (!(await exists(join(dirname(map), source)))) dangling.push(`${map.slice(dir.length)} -> ${source}`)
      }
    }
    expect(dangling).toEqual([])
    for (const comment of await grepFiles(
      files.filter((f) => f.endsWith('.js')),
      '//# sourceMappingURL=',
    )) {
      expect(files, `${comment} names a map the package does not ship`).toContain(comment)
    }
  })

  it('serves with npx standin serve and answers the curl requests', async () => {
    const serveLine = shellLines(blocks).find((l) => l.startsWith('npx standin serve'))
    expect(serveLine).toBeDefined()
    // An ephemeral port: the README's 4010 may be taken on a shared machine.
    const server = await serve([...words(serveLine as string), '--port', '0'], project)
    try {
      const curls = shellLines(blocks).filter((l) => l.startsWith('curl '))
      expect(curls.length).toBeGreaterThan(0)
      for (const line of curls) {
        const res = await curl(words(line).slice(1), server.url)
        expect(res.status, `${line}\n${await res.clone().text()}`).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/json/)
        expect(await res.json()).toBeTypeOf('object')
      }
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('runs the in-process quick start (createStandin().fetch) with node', async () => {
    const script = blocks.find((b) => b.lang === 'js')
    expect(script, 'the install section has no js block').toBeDefined()
    await writeFile(join(project, 'quick-start.mjs'), script?.body as string)
    const ran = await step('node', ['quick-start.mjs'], project, 60_000)
    expect(ran.stdout).toMatch(/^200 \d+ rights\n$/)
  }, 60_000)
})

describe('without msw installed', () => {
  it('imports standin and answers standin.fetch: msw is loaded only when an MSW feature is used', async () => {
    expect(await exists(join(bare, 'node_modules/msw'))).toBe(false)
    const ran = await step('node', ['--input-type=module', '-e', FETCH_WITHOUT_MSW], bare, 60_000)
    expect(ran.stdout).toBe('200\n')
  }, 60_000)

  it('says which package to install when an MSW function is called', async () => {
    const ran = await step('node', ['--input-type=module', '-e', HANDLERS_WITHOUT_MSW], bare, 60_000)
    const error = JSON.parse(ran.stdout)
    expect(error).toMatchObject({ name: 'MissingPeerError', standin: true, packageName: 'msw' })
    expect(error.message).toContain('standin.handlers() needs the package "msw", which is not installed')
    expect(error.message).toContain('npm install --save-dev msw')
  }, 60_000)

  it('does not load msw on import, nor for standin.fetch, where it is installed: only an MSW function loads it', async () => {
    const ran = await step('node', ['--input-type=module', '-e', MSW_LOADED_WHEN], project, 60_000)
    // afterHandlers proves the probe sees msw being loaded; the two before it are the behaviour
    expect(JSON.parse(ran.stdout)).toEqual({ afterImport: false, fetched: 200, afterFetch: false, afterHandlers: true })
  }, 60_000)
})

const FETCH_WITHOUT_MSW = `
import { createStandin } from 'standin'
const res = await createStandin({ seed: 7 }).fetch('/v1/runtime-keys')
console.log(res.status)
`

const HANDLERS_WITHOUT_MSW = `
import { createStandin, StandinError } from 'standin'
try {
  createStandin().handlers()
  console.log('{}')
} catch (err) {
  console.log(JSON.stringify({ name: err.name, standin: err instanceof StandinError, packageName: err.packageName, message: err.message }))
}
`

/**
 * Whether a module of msw (or @mswjs/*) has been loaded at each step: seen by a resolve hook (an ES import, static or
 * dynamic) or in require.cache (load-msw.ts's require()), never by timing.
 */
const MSW_LOADED_WHEN = `
import { createRequire, register } from 'node:module'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
const log = join(mkdtempSync(join(tmpdir(), 'standin-loads-')), 'resolved.txt')
writeFileSync(log, '')
const hooks = "import { appendFileSync } from 'node:fs'; let log; export function initialize(d) { log = d.log }; " +
  "export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(log, r.url + ' '); return r }"
register('data:text/javascript,' + encodeURIComponent(hooks), { data: { log } })
const require = createRequire(join(process.cwd(), 'probe.js'))
const isMsw = (u) => /[\\\\/]node_modules[\\\\/](msw|@mswjs)[\\\\/]/.test(u)
const loaded = () => readFileSync(log, 'utf8').split(' ').some(isMsw) || Object.keys(require.cache).some(isMsw)
const { createStandin } = await import('standin')
const afterImport = loaded()
const standin = createStandin({ seed: 7 })
const fetched = (await standin.fetch('/v1/runtime-keys')).status
const afterFetch = loaded()
standin.handlers()
console.log(JSON.stringify({ afterImport, fetched, afterFetch, afterHandlers: loaded() }))
`

interface Served {
  url: string
  stop(): Promise<void>
}

/** Starts a README serve command in `cwd` and resolves with the URL it prints (bounded: 60 s). */
function serve(argv: string[], cwd: string): Promise<Served> {
  const child: ChildProcess = spawn(argv[0] as string, argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    killGroup(child.pid, 'SIGTERM')
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      void stop()
      reject(new Error(`${argv.join(' ')} ${why}:\n${out}`))
    }
    const timer = setTimeout(() => fail('printed no URL in 60 s'), 60_000)
    const onData = (chunk: Buffer) => {
      out += chunk
      const match = /listening on (http:\/\/[^\s)]+)/.exec(out)
      if (!match?.[1]) return
      clearTimeout(timer)
      resolve({ url: match[1], stop })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', (err) => fail(String(err)))
    void exited.then(() => fail(`exited (${child.exitCode ?? child.signalCode}) before listening`))
  })
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/** The map files the `//# sourceMappingURL=` comments of `files` name (resolved to paths). */
async function grepFiles(files: string[], marker: string): Promise<string[]> {
  const named: string[] = []
  for (const file of files) {
    const text = await readFile(file, 'utf8')
    const at = text.lastIndexOf(marker)
    if (at >= 0) named.push(join(dirname(file), text.slice(at + marker.length).trim()))
  }
  return named
}
