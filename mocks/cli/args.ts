/**
 * What every command shares: the usage error (exit code 2), flag parsing on node:util's parseArgs that turns its
 * errors into usage errors, the provider list flags, help-text helpers fed by the provider registry, and the way a
 * command writes its output.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { StandinError } from '../core/errors.js'
import { createProviders, isProviderName, PROVIDER_NAMES } from '../providers.js'
import type { ProviderName } from '../typed.js'

/** Exit code of a usage error, for every command. */
export const USAGE_EXIT = 2

/** A problem with how a command was called (or set up): exit code 2. In standin's one error hierarchy. */
export class UsageError extends StandinError {
  constructor(
    message: string,
    /** Point at `--help` (not when the fix is to install something). */
    readonly showUsage = true,
  ) {
    super(message)
  }
}

/** Where a command writes: its output and its complaints. */
export interface CommandIo {
  out: (text: string) => void
  err: (text: string) => void
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}

type Options = NonNullable<ParseArgsConfig['options']>

/** The values parseArgs gives for these options. */
export type Flags<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: false; allowNegative: boolean }>
>['values']

/** parseArgs, strict and without positionals; an unknown flag or a missing value is a UsageError. */
export function parseFlags<const O extends Options>(
  args: string[],
  options: O,
  config: { allowNegative?: boolean } = {},
): Flags<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false, ...config }).values
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message)
    throw err
  }
}

/** The message of a usage error as every command prints it, pointing at the command's `--help`. */
export function usageMessage(prefix: string, command: string | undefined, err: UsageError | Error): string {
  const showUsage = !(err instanceof UsageError) || err.showUsage
  return `${prefix}: ${err.message}${showUsage ? `\nrun \`standin ${command ? `${command} ` : ''}--help\` for usage` : ''}`
}

/** One provider name, checked against the registry. */
export function providerName(value: string): ProviderName {
  if (!isProviderName(value)) throw new UsageError(`unknown provider "${value}"; known: ${PROVIDER_NAMES.join(', ')}`)
  return value
}

/** `--provider a,b`: names from the registry, each once; every provider when the flag is absent. */
export function providerList(value: string | undefined): ProviderName[] {
  if (value === undefined) return [...PROVIDER_NAMES]
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const known = names.map(providerName)
  if (known.length === 0) throw new UsageError('--provider needs at least one provider')
  return [...new Set(known)]
}

/** For help texts: the provider names as `a,b` (`list`), `a or b` (`alternatives`) or `a|b` (`choice`). */
export function providerNames(style: 'list' | 'alternatives' | 'choice'): string {
  if (style === 'list') return PROVIDER_NAMES.join(',')
  if (style === 'choice') return PROVIDER_NAMES.join('|')
  return PROVIDER_NAMES.length > 1
    ? `${PROVIDER_NAMES.slice(0, -1).join(', ')} or ${PROVIDER_NAMES.at(-1)}`
    : (PROVIDER_NAMES[0] ?? '')
}

/** The registered providers, created once for what help texts say about them (labels, paths, origins, probes). */
export function registeredProviders() {
  registered ??= createProviders()
  return registered
}
let registered: ReturnType<typeof createProviders> | undefined

/** `text` wrapped at `width` columns, every line after the first indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const limit = lines.length === 0 ? width : width - indent
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.join(`\n${' '.repeat(indent)}`)
}
