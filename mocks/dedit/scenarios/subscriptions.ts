/** Scenarios of Dedit's (Stripe-backed) subscriptions. */
import type { Scenario } from '../../core/scenarios.js'
import { respond } from './actions.js'

export const subscriptionScenarios: Scenario[] = [
  {
    name: 'dedit:subscriptions.active.none',
    description:
      'getActiveSubscription answers 404 "No active subscription" (a user who never subscribed or whose plan ended).',
    provider: 'dedit',
    operations: { getActiveSubscription: { kind: 'error', error: { status: 404, message: 'No active subscription' } } },
  },
  {
    name: 'dedit:subscriptions.active.free-plan',
    description:
      'getActiveSubscription answers the FREE plan: no Stripe subscription, customer, payment method or invoice (static body).',
    provider: 'dedit',
    operations: respond('getActiveSubscription', 200, {
      sessionId: 'cs_test_a1Q8ZfLrYx3Wm2KpB7cVn4TdHs9EuJ6gR0oXiNyA5bCzD',
      id: null,
      userId: 4127,
      planId: 'price_1KeQ9sGkNaQ7xTzRfreE0000',
      planNickname: 'FREE',
      status: 'active',
      created: 1772366400,
      currentPeriodStart: 1775044800,
      currentPeriodEnd: 1777636800,
      canceledAt: 0,
      customer: null,
      defaultPaymentMethod: null,
      latestInvoice: null,
    }),
  },
  {
    name: 'dedit:subscriptions.get.cancelled',
    description:
      'getSubscription answers a "Dedit Milleallanno" subscription cancelled on 2026-03-20, active until 2026-10-01 (static body).',
    provider: 'dedit',
    operations: respond('getSubscription', 200, {
      sessionId: 'cs_live_b7Hk2NqT9xLm4WpZ1cRv8YsDf3GjU6aE0oKiMnB5tCyX',
      id: 'sub_1KfT7wGkNaQ7xTzRm8Lq2VbN',
      userId: 5310,
      planId: 'price_1KfT5aGkNaQ7xTzRMille001',
      planNickname: 'Dedit Milleallanno',
      status: 'active',
      created: 1759320000,
      currentPeriodStart: 1759320000,
      currentPeriodEnd: 1790856000,
      canceledAt: 1774008000,
      customer: 'cus_LMw3QxR8TzKp2A',
      defaultPaymentMethod: 'pm_1KfT7uGkNaQ7xTzRc4DsH9Yw',
      latestInvoice: 'in_1KfT7wGkNaQ7xTzRj2PaX6Ke',
    }),
  },
]
