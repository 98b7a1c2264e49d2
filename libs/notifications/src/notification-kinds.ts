// What an in-app notification (and its webhook or e-mail) is about.
export const NOTIFICATION_KINDS = [
  'assignment',
  'returned',
  'supplementary_information_requested',
  'supplementary_information_answered',
  'transmitted',
  'response',
  'reminder',
  'escalation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The workflow that delivers one webhook call or e-mail, with retries (workflows/src/notifications). */
export const DELIVERY_WORKFLOW_TYPE = 'notificationDeliveryWorkflow';

export function deliveryWorkflowId(deliveryId: string): string {
  return `delivery/${deliveryId}`;
}
