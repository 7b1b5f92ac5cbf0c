export { canonicalJson, documentHash } from './canonical.js'
export { configFromEnv, DEFAULT_DEDIT_BASE_URL, DEFAULT_ENFINITOS_BASE_URL, type ServiceConfig } from './config.js'
export { PackVerificationError, ProviderError } from './errors.js'
export { DeditNotary, type Notarization } from './notary.js'
export {
  type BasisInput,
  type DeliveryInput,
  type DeliveryReport,
  DeliveryReportingService,
  type PackVerification,
  type ReportRequest,
  type RightInput,
} from './service.js'
