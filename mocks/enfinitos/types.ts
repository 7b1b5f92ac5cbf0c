/** The EnfinitOS entity types, as generated from openapi/enfinitos.yaml (the contract is the source of truth). */
import type { components, operations } from '../../generated/enfinitos.js'

type Schemas = components['schemas']

export type Basis = Schemas['Basis']
export type Right = Schemas['Right']
export type Offer = Schemas['Offer']
export type Challenge = Schemas['Challenge']
export type WebhookSubscription = Schemas['WebhookSubscription']
export type WebhookDelivery = Schemas['WebhookDelivery']
export type WebhookEventType = Schemas['WebhookEventType']
export type WebhookEventSelector = Schemas['WebhookEventSelector']
export type RightStatus = Schemas['RightStatus']
export type Substrate = Schemas['Substrate']
export type BasisKind = Schemas['BasisKind']

export type EnfinitosOperationId = keyof operations
