/**
 * An optional provider capability the dashboard offers when a provider has one: an audit of the signed records a
 * session's API serves now, by the provider's own verifier. The core knows only how to ask and that a report comes
 * back; what is audited, how, and what the report holds are the provider's (mocks/enfinitos/pack-audit.ts). The adapter
 * hands the provider an `ask` into the session (so the active scenarios apply: a tampered record is audited as a client
 * receives it) and serves the report as it is.
 */

/** One GET through the engine into the session being audited; the answer's status and parsed JSON body. */
export type AskProvider = (
  pathAndQuery: string,
  headers: Record<string, string>,
) => Promise<{ status: number; body: unknown; scenario: string | null }>

/**
 * What every audit report says, whatever the provider. The rest is the provider's own detail, served as JSON as it
 * is (its shape is documented by the admin spec's `PackAudit` schema).
 */
export type PackAuditReport = {
  /** What the provider calls what it audits, e.g. `proof packs`. */
  title: string
  /** True when everything audited passed every check (false without a verdict). */
  ok: boolean
  /**
   * What a user can do when there is nothing to audit yet, in the provider's own terms (e.g. the request that seals
   * a first pack); null when the provider has no advice. Lets the dashboard say it without knowing a provider path.
   */
  hint: string | null
  /** Why there is no verdict (the API refused a request, e.g. an active rate-limit scenario); null otherwise. */
  error: string | null
} & { [detail: string]: unknown }

/** A provider's audit: `run` reads what the session serves through `ask` and returns the report. */
export interface PackAudit {
  /** What the provider calls what it audits, e.g. `proof packs`. */
  title: string
  run(ask: AskProvider): Promise<PackAuditReport>
}
