export { mlaRequestWorkflow } from './mla-request/mla-request.workflow';
