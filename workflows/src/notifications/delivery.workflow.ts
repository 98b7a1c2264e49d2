import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { DeliveryActivities, DeliveryWorkflowInput } from './delivery.activities';

// One outbound webhook call or e-mail, apart from any case workflow: a receiver that is down
// never holds a case up. Each attempt is one activity execution (recorded in the delivery log);
// Temporal retries it with exponential backoff until it is delivered or the attempts run out.
export async function notificationDeliveryWorkflow(input: DeliveryWorkflowInput): Promise<'delivered' | 'failed'> {
  const { deliverNotification } = proxyActivities<DeliveryActivities>({
    // The HTTP or SMTP call's own timeout, plus the time to record the attempt.
    startToCloseTimeout: input.timeoutMs + 5_000,
    retry: {
      initialInterval: input.initialIntervalMs,
      backoffCoefficient: 2,
      // Receivers that are down for hours still get the notice, at most an hour late.
      maximumInterval: '1 hour',
      maximumAttempts: input.maximumAttempts,
      // A delivery whose subscription was removed, or whose data is gone, is not retried.
      nonRetryableErrorTypes: ['DeliveryCancelled'],
    },
  });
  const { markDeliveryFailed } = proxyActivities<DeliveryActivities>({
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  try {
    await deliverNotification(input.deliveryId);
    return 'delivered';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await markDeliveryFailed(input.deliveryId);
    return 'failed';
  }
}
