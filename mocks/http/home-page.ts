/**
 * `GET /` of `standin serve`: the dashboard (mocks/http/dashboard/), a page for a person that shows what the server
 * is doing - the live journal, sessions with their scenarios and clock, the operations, the proof packs as a verifier
 * sees them, and the webhooks - from the admin API. Everything that goes into the HTML is escaped.
 */
import type { Provider } from '../core/types.js'
import { renderDashboard } from './dashboard/page.js'

export { escapeHtml } from './dashboard/html.js'

export interface HomePageInput {
  version: string
  /** The server's own URL, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string
  providers: Provider[]
  /** Scenarios active in every session from the start (`--scenario`). */
  startupScenarios: readonly string[]
  seed: string
}

export function renderHomePage(input: HomePageInput): string {
  return renderDashboard(input)
}
