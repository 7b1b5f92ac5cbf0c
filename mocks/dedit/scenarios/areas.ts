/** The scenario area of each Dedit operation: scenario names are `dedit:<area>.<case>`. */
import type { DeditOperationId } from '../types.js'

export const deditAreas: Record<DeditOperationId, string> = {
  login: 'auth.login',
  requestRegistration: 'registration.request',
  completeRegistration: 'registration.complete',
  uploadFileMetadata: 'files.upload-metadata',
  getActiveSubscription: 'subscriptions.active',
  getSubscription: 'subscriptions.get',
}
