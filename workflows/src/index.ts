export { mlaRequestWorkflow } from './mla-request/mla-request.workflow';
export { notificationDeliveryWorkflow } from './notifications/delivery.workflow';
