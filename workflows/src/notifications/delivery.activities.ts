// The activities a notification delivery calls; apps/worker implements them.
export interface DeliveryActivities {
  /** One attempt at a webhook call or an e-mail; throws (and is retried) unless it was delivered. */
  deliverNotification(deliveryId: string): Promise<void>;
  /** Records that the delivery gave up after its last attempt. */
  markDeliveryFailed(deliveryId: string): Promise<void>;
}

/** Input of notificationDeliveryWorkflow (DeliveryStarter in libs/notifications builds it). */
export interface DeliveryWorkflowInput {
  deliveryId: string;
  initialIntervalMs: number;
  maximumAttempts: number;
  timeoutMs: number;
}
