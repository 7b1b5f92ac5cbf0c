/** Rights, delivery and world scenarios. */
import type { Scenario } from '../../core/scenarios.js'

export const rightsScenarios: Scenario[] = [
  {
    name: 'enfinitos:rights.issue.basis-not-found',
    description: 'POST /v1/rights/issue answers 404: basisId names no basis of the org.',
    provider: 'enfinitos',
    operations: {
      issueRight: {
        kind: 'error',
        error: {
          status: 404,
          message: 'The basis named by basisId does not exist in this org.',
          details: [{ path: '/body/basisId', message: 'names no basis of this org' }],
        },
      },
    },
  },
  {
    name: 'enfinitos:delivery.observe.right-not-active',
    description:
      'POST /v1/delivery answers 412 PRECONDITION_FAILED: the right is not ACTIVE (suspended, revoked or expired).',
    provider: 'enfinitos',
    operations: {
      observeDelivery: {
        kind: 'error',
        error: {
          status: 412,
          message: 'The right is not ACTIVE; deliveries need an ACTIVE right in effect.',
          details: [{ path: '/body/rightId', message: 'is not ACTIVE' }],
        },
      },
    },
  },
  {
    name: 'enfinitos:empty-world',
    description:
      'Start from an empty sandbox org: no bases, rights, offers, challenges, deliveries, packs or webhooks.',
    provider: 'enfinitos',
    emptyWorld: true,
    operations: {},
  },
]
