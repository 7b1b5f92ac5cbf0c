/**
 * The checks that only make sense inside standin's own repository: spec lint (Spectral with `.spectral.yaml`) and
 * generated-types drift (`node scripts/generate.mjs --check`). Detected by the files they need in the package root;
 * an installed copy (node_modules/standin) ships neither, so there they are skipped with a note.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface StepResult {
  name: 'spec lint' | 'generated drift'
  result: 'pass' | 'fail' | 'skip'
  /** One line: what ran, or why it was skipped. */
  note: string
  /** The problems found, one per line. */
  issues: string[]
  durationMs: number
}

/** Whether `root` is a checkout of standin's repository (it has the ruleset and the generator). */
export function isRepository(root: string): boolean {
  return existsSync(join(root, '.spectral.yaml')) && existsSync(join(root, 'scripts', 'generate.mjs'))
}

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

function runNode(args: string[], cwd: string, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      stderr += `\n(killed after ${timeoutMs} ms)`
    }, timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

function spectralBin(root: string): string | null {
  try {
    const require = createRequire(join(root, 'package.json'))
    const manifestPath = require.resolve('@stoplight/spectral-cli/package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: string | Record<string, string> }
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.spectral
    return bin ? join(dirname(manifestPath), bin) : null
  } catch {
    return null
  }
}

interface SpectralIssue {
  code?: string | number
  message?: string
  severity?: number
  source?: string
  path?: (string | number)[]
  range?: { start?: { line?: number } }
}

const SEVERITY = ['error', 'warning', 'info', 'hint']

/** Spectral on the specs with the repository's ruleset; zero errors and zero warnings required. */
export async function specLint(root: string, providers: readonly string[], timeoutMs = 180_000): Promise<StepResult> {
  const started = performance.now()
  const done = (result: StepResult['result'], note: string, issues: string[] = []): StepResult => ({
    name: 'spec lint',
    result,
    note,
    issues,
    durationMs: Math.round(performance.now() - started),
  })
  if (!isRepository(root)) return done('skip', 'not run: no .spectral.yaml here (an installed copy of standin)')
  const bin = spectralBin(root)
  if (!bin) return done('skip', 'not run: @stoplight/spectral-cli is not installed')
  // The providers checked, plus standin's own admin API spec (served by `standin serve`), like `npm run lint:spec`.
  const specs = [...providers.map((p) => `openapi/${p}.yaml`), 'openapi/standin-admin.yaml']
  const ran = await runNode(
    [bin, 'lint', '--quiet', '--fail-severity=warn', '-f', 'json', '--ruleset', '.spectral.yaml', ...specs],
    root,
    timeoutMs,
  )
  let issues: string[] = []
  try {
    const parsed = JSON.parse(ran.stdout || '[]') as SpectralIssue[]
    issues = parsed.map((i) => {
      const file = (i.source ?? '').replace(`${root}/`, '')
      const line = (i.range?.start?.line ?? 0) + 1
      return `${file}:${line} ${SEVERITY[i.severity ?? 0] ?? 'error'} ${i.code}: ${i.message} (at ${(i.path ?? []).join('.')})`
    })
  } catch {
    if (ran.code !== 0) issues = [(ran.stderr || ran.stdout).trim().split('\n').slice(0, 20).join('\n')]
  }
  const what = `spectral lint --ruleset .spectral.yaml ${specs.join(' ')}`
  return ran.code === 0 && issues.length === 0
    ? done('pass', what)
    : done('fail', `${what}: ${issues.length || 'some'} problem(s)`, issues)
}

/** `node scripts/generate.mjs --check`: the committed generated types match what the specs generate. */
export async function generatedDrift(root: string, timeoutMs = 180_000): Promise<StepResult> {
  const started = performance.now()
  const done = (result: StepResult['result'], note: string, issues: string[] = []): StepResult => ({
    name: 'generated drift',
    result,
    note,
    issues,
    durationMs: Math.round(performance.now() - started),
  })
  if (!isRepository(root)) return done('skip', 'not run: no scripts/generate.mjs here (an installed copy of standin)')
  const ran = await runNode([join('scripts', 'generate.mjs'), '--check'], root, timeoutMs)
  const what = 'node scripts/generate.mjs --check'
  if (ran.code === 0) return done('pass', what)
  const issues = `${ran.stderr}\n${ran.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('ok:'))
  return done('fail', `${what}: the generated types drifted from the specs`, issues)
}
