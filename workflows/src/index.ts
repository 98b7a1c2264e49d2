export { caseWorkflow } from './case/case.workflow';
