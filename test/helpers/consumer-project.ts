// Helpers for the tests that install standin as another repository would: pack it, make a temporary project, run npm
// and node there with a bounded time and the environment of a plain shell.
import { spawn } from 'node:child_process'
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { packageRoot } from '../../mocks/core/contract.js'

export const ROOT = packageRoot()
export const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund']

/**
 * The environment of a plain shell: the outer runner's variables would leak into the consumer's npm and vitest
 * (npm_config_local_prefix points npm at this repository, VITEST_* makes vitest think it is a worker).
 */
export function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(VITEST|npm_lifecycle_|npm_package_)/.test(key) &&
        !['npm_config_local_prefix', 'npm_config_call', 'npm_command', 'INIT_CWD', 'NODE_ENV', 'TEST'].includes(key),
    ),
  )
  env.NO_COLOR = '1'
  delete env.FORCE_COLOR
  return env
}

export interface Ran {
  command: string
  code: number | null
  stdout: string
  stderr: string
  ms: number
  timedOut: boolean
}

/** Runs a command to completion, or kills its process group after `timeoutMs`. */
export function runBounded(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Ran> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? shellEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (d) => {
      stdout += d
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid, 'SIGKILL')
    }, options.timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const line = `${command} ${args.join(' ')}`
      resolve({ command: line, code, stdout, stderr, ms: Date.now() - started, timedOut })
    })
  })
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid !== undefined) process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

/** What a failed step prints: the command, its exit, then its own output (the last 150 lines of each stream). */
export function explain(ran: Ran): string {
  const tail = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('npm notice'))
      .slice(-150)
      .join('\n')
  const how = ran.timedOut ? `killed after ${ran.ms} ms` : `exit ${ran.code} after ${ran.ms} ms`
  return `$ ${ran.command} (${how})\n--- stdout ---\n${tail(ran.stdout)}\n--- stderr ---\n${tail(ran.stderr)}`
}

/** A new directory under the OS temp dir: node must not find this repository's node_modules from there. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `standin-${prefix}-`))
}

/**
 * `npm pack` of this working tree, into `destination`; resolves with the tarball's path. It packs a copy (this
 * repository's node_modules linked in), so the build `prepare` runs never replaces the dist/ other tests are using.
 */
export async function packStandin(destination: string, timeoutMs = 240_000): Promise<string> {
  // A tarball packed already (STANDIN_TARBALL=/abs/standin-x.y.z.tgz), to pack once for several runs.
  const given = process.env.STANDIN_TARBALL
  if (given) {
    const copied = join(destination, basename(given))
    await copyFile(given, copied)
    return copied
  }
  const copy = join(destination, 'standin-src')
  await cp(ROOT, copy, {
    recursive: true,
    filter: (src) => !/[/\\](node_modules|dist|coverage|\.[^/\\]+)([/\\]|$)|\.tgz$/.test(src.slice(ROOT.length)),
  })
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir')
  const packs = join(destination, 'pack')
  await mkdir(packs)
  const ran = await runBounded('npm', ['pack', '--pack-destination', packs], { cwd: copy, timeoutMs })
  if (ran.code !== 0) throw new Error(`npm pack failed\n${explain(ran)}`)
  const tarballs = (await readdir(packs)).filter((f) => f.endsWith('.tgz'))
  if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.join(', ') || 'no tarball'} in ${packs}`)
  await rm(copy, { recursive: true, force: true })
  return join(packs, tarballs[0] as string)
}
