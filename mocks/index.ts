/**
 * standin's public API for test suites: `createStandin()` and the types around it.
 * `standin/vitest` adds the vitest lifecycle and matchers; `standin/enfinitos` the proof-pack verifier and tamperings.
 */
export type { ResponseValidation } from './core/engine.js'
/** One error hierarchy: every error standin throws is a StandinError; HttpError and its kinds know their response. */
export {
  ContractViolationError,
  HttpError,
  InternalError,
  StandinError,
  UnknownScenarioError,
} from './core/errors.js'
export type { JournalEntry, JournalFilter } from './core/journal.js'
export type { Scenario, ScenarioAction } from './core/scenarios.js'
export type { ErrorInput, Fault, MockResponse, OperationCall } from './core/types.js'
export type { HandlerOptions } from './msw.js'
export { createStandin, type Standin, type StandinJournal, type StandinOptions } from './standin.js'
export type {
  AnyResponseBodyOf,
  OperationName,
  ProviderName,
  QualifiedOperation,
  RequestBodyOf,
  ResponseBodyOf,
  TypedCall,
} from './typed.js'
/** `standin.webhooks`: EnfinitOS webhook deliveries in-process (docs/webhooks.md). */
export type { StandinWebhooks, WebhookAttempt, WebhookAttemptFilter, WebhookHandler } from './webhooks.js'
