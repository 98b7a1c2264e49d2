export { mlaRequestWorkflow } from './mla-request/mla-request.workflow';
export { caseWorkflow } from './case/case.workflow';
export { notificationDeliveryWorkflow } from './notifications/delivery.workflow';
