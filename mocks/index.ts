/**
 * standin's public API for test suites: `createStandin()` and the types around it.
 * `standin/vitest` adds the vitest lifecycle and matchers; `standin/enfinitos` the proof-pack verifier and tamperings;
 * `standin/server` the HTTP mock server started from code (node:http stays out of this entry, which bundles for browsers).
 */
export type { ResponseValidation } from './core/engine.js'
/** One error hierarchy: every error standin throws is a StandinError; HttpError and its kinds know their response. */
export {
  ContractViolationError,
  HttpError,
  InternalError,
  ScenarioDefinitionError,
  StandinError,
  UnknownScenarioError,
} from './core/errors.js'
export type { JournalEntry, JournalFilter } from './core/journal.js'
export type { Scenario, ScenarioAction } from './core/scenarios.js'
export type { ErrorInput, Fault, MockResponse, OperationCall, WorldSize } from './core/types.js'
/** Typed custom scenarios (docs/scenarios.md). */
export {
  type AnyScenarioDefinition,
  defineScenario,
  delay,
  fault,
  MAX_SEQUENCE_CALLS,
  type OperationAnswer,
  providerError,
  type ScenarioCall,
  type ScenarioDefinition,
  type ScenarioReply,
  type ScenarioStep,
  type SequenceEnd,
  sequence,
  specExample,
  times,
} from './define-scenario.js'
export type { HandlerOptions } from './msw.js'
/** The error an MSW function throws when msw is not installed (it is an optional peer, loaded on first use). */
export { MissingPeerError } from './platform/missing-peer.js'
export {
  createStandin,
  type Standin,
  type StandinClock,
  type StandinJournal,
  type StandinOptions,
  type StandinSession,
} from './standin.js'
export type {
  AnyResponseBodyOf,
  OperationName,
  ProviderName,
  QualifiedOperation,
  RequestBodyOf,
  ResponseBodyOf,
  ResponseStatusOf,
  TypedCall,
} from './typed.js'
/** `standin.webhooks`: EnfinitOS webhook deliveries in-process (docs/webhooks.md). */
export type { StandinWebhooks, WebhookAttempt, WebhookAttemptFilter, WebhookHandler } from './webhooks.js'
