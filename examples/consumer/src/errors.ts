/** A provider answered with an error (or not at all). `code` is EnfinitOS's `error.code` or Dedit's `error` phrase. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  constructor(
    readonly provider: 'enfinitos' | 'dedit',
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${provider} ${operation} failed: ${status} ${code}: ${detail}`)
  }
}

/** The pack the provider published does not verify: the service refuses to report or notarize it. */
export class PackVerificationError extends Error {
  override readonly name = 'PackVerificationError'
  constructor(
    readonly packId: string,
    readonly failures: readonly string[],
  ) {
    super(`proof pack ${packId} does not verify: ${failures.join(', ')}`)
  }
}
