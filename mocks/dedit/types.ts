/** Dedit's entity types, straight from the types generated from openapi/dedit.yaml. */
import type { components, operations } from '../../generated/dedit.js'

export type Subscription = components['schemas']['Subscription']
export type Registration = components['schemas']['Registration']
export type RegistrationRequest = components['schemas']['RegistrationRequest']
export type CompleteRegistrationRequest = components['schemas']['CompleteRegistrationRequest']
export type FileMetadata = components['schemas']['FileMetadata']
export type DeditOperationId = keyof operations
