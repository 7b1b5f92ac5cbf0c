/**
 * Stoplight Prism side by side: `standin serve --engine prism --provider <name>` runs `prism mock <spec>` on the same
 * spec, resolved from the installed `@stoplight/prism-cli` package (a devDependency here, an optional peer for users).
 * Prism mocks one OpenAPI document per process, so it serves one provider at a time.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { StandinError } from './core/errors.js'

export const PRISM_PACKAGE = '@stoplight/prism-cli'
/** 5.14.x is the newest Prism that runs on Node 20. */
export const PRISM_TESTED_VERSION = '5.14.2'

export class PrismNotInstalledError extends StandinError {
  constructor(cause?: unknown) {
    super(
      `Stoplight Prism is not installed. Install it beside standin with \`npm install --save-dev ${PRISM_PACKAGE}@${PRISM_TESTED_VERSION}\` (5.14.x is the newest that runs on Node 20), or use --engine standin`,
      cause === undefined ? undefined : { cause },
    )
    this.name = 'PrismNotInstalledError'
  }
}

export interface PrismInstall {
  /** The JavaScript file of Prism's `prism` bin. */
  bin: string
  version: string
}

/** Finds the installed Prism CLI as Node would resolve it from `from` (a file URL or path); throws if there is none. */
export function resolvePrism(from: string | URL = import.meta.url): PrismInstall {
  const require = createRequire(from)
  let manifestPath: string
  try {
    manifestPath = require.resolve(`${PRISM_PACKAGE}/package.json`)
  } catch (err) {
    throw new PrismNotInstalledError(err)
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version: string
    bin?: string | Record<string, string>
  }
  const binField = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.prism
  if (!binField) throw new PrismNotInstalledError(new Error(`${manifestPath} declares no prism bin`))
  return { bin: join(dirname(manifestPath), binField), version: manifest.version }
}

export interface PrismOptions {
  spec: string
  host: string
  port: number
  cors?: boolean
  /** Prism's own log level (`-v`); default info (one line per request). */
  verboseLevel?: 'info' | 'warn' | 'error' | 'silent'
  /** Receives Prism's stdout and stderr as they come. */
  output?: (chunk: string) => void
  install?: PrismInstall
}

export interface RunningPrism {
  child: ChildProcess
  url: string
  version: string
  /** Resolves with Prism's exit code (null when ended by a signal). */
  exited: Promise<number | null>
  /** Prism's recent output (for error messages). */
  output(): string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** The argument vector of `prism mock` for these options (after the bin). */
export function prismArgs(options: PrismOptions): string[] {
  return [
    'mock',
    options.spec,
    '-h',
    options.host,
    '-p',
    String(options.port),
    ...(options.cors === false ? ['--cors=false'] : []),
    ...(options.verboseLevel && options.verboseLevel !== 'info' ? ['-v', options.verboseLevel] : []),
  ]
}

/** Starts `prism mock` and resolves with its URL once it listens (rejects with its output if it exits first). */
export function startPrism(options: PrismOptions, timeoutMs = 60_000): Promise<RunningPrism> {
  return launchPrism(prismArgs(options), {
    timeoutMs,
    ...(options.install ? { install: options.install } : {}),
    ...(options.output ? { output: options.output } : {}),
  })
}

export interface LaunchOptions {
  install?: PrismInstall
  timeoutMs?: number
  /** Receives Prism's stdout and stderr as they come. */
  output?: (chunk: string) => void
}

/**
 * Runs the Prism CLI with `args` (`mock ...` or `proxy ...`) and resolves once it prints that it listens; rejects with
 * the tail of its output if it exits or hangs first. Shared by `standin serve --engine prism` and `standin check --prism`.
 */
export function launchPrism(args: string[], options: LaunchOptions = {}): Promise<RunningPrism> {
  const install = options.install ?? resolvePrism()
  const timeoutMs = options.timeoutMs ?? 60_000
  const child = spawn(process.execPath, [install.bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const onOutput = (d: Buffer) => {
    const text = d.toString('utf8')
    out += text
    // Prism logs every request; keep only the tail, for error messages.
    if (out.length > 64_000) out = out.slice(-16_000)
    options.output?.(text)
  }
  child.stdout?.on('data', onOutput)
  child.stderr?.on('data', onOutput)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    return exited
  }
  return new Promise((resolve, reject) => {
    let listening = false
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Prism did not start within ${timeoutMs} ms:\n${out.slice(-4000)}`))
    }, timeoutMs)
    const onData = () => {
      const m = /Prism is listening on (http:\/\/\S+)/.exec(out)
      if (!m) return
      listening = true
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      resolve({ child, url: m[1] as string, version: install.version, exited, output: () => out, stop })
    }
    child.stdout?.on('data', onData)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    exited.then((code) => {
      clearTimeout(timer)
      if (!listening) reject(new Error(`Prism exited with code ${code} before listening:\n${out.slice(-4000).trim()}`))
    })
  })
}
