/**
 * The error for an optional peer dependency (msw) that a feature needs and that is not installed: `import 'standin'`
 * works without it, and the first call that needs it says what to install.
 */
import { StandinError } from '../core/errors.js'

export class MissingPeerError extends StandinError {
  /** The npm package to install, e.g. `msw`. */
  readonly packageName: string
  /** The command that installs it, e.g. `npm install --save-dev msw`. */
  readonly install: string

  constructor(packageName: string, feature: string, options?: { cause?: unknown; detail?: string }) {
    const install = `npm install --save-dev ${packageName}`
    // Not installed, or installed but unusable (too old, or a Node that cannot load it): the message says which.
    const what = options?.detail
      ? `cannot use the package "${packageName}": ${options.detail}`
      : `needs the package "${packageName}", which is not installed`
    super(
      `${feature} ${what}. Install ${options?.detail ? 'a usable one' : 'it'} beside standin: ${install}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    )
    this.packageName = packageName
    this.install = install
  }
}
