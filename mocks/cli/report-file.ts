/**
 * Report files (`--junit FILE` of check and verify): the folder is created (CI jobs name a fresh one, such as
 * reports/junit/standin.xml), and a path that cannot be written is a usage error before the run starts, not a crash
 * after minutes of probes.
 */
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { UsageError } from './args.js'

/** Makes `path`'s folder (and its parents) and checks the file can be written; a UsageError says why not. */
export function prepareReportFile(flag: string, path: string): string {
  if (path === '') throw new UsageError(`${flag} needs a file name`)
  const file = resolve(path)
  const folder = dirname(file)
  try {
    mkdirSync(folder, { recursive: true })
  } catch (err) {
    throw new UsageError(`${flag} ${path}: cannot create the folder ${folder} (${(err as NodeJS.ErrnoException).code})`)
  }
  const existing = statSync(file, { throwIfNoEntry: false })
  if (existing?.isDirectory()) throw new UsageError(`${flag} ${path} is a folder; name a file, e.g. ${path}/report.xml`)
  try {
    accessSync(existing ? file : folder, constants.W_OK)
  } catch {
    throw new UsageError(`${flag} ${path}: not allowed to write ${existing ? 'this file' : `in ${folder}`}`)
  }
  return file
}

/** Writes a report prepared with prepareReportFile; a failure says which file and why. */
export function writeReportFile(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text)
  } catch (err) {
    throw new Error(`${flag}: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`)
  }
}
