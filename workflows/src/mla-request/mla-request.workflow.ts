import { MLA_MACHINE, type CaseSnapshot, type CaseWorkflowInput } from '../../../libs/contracts/src';
import { runCase } from '../case/case.workflow';

// MLA requests run on the case kernel under their historic workflow type, so the cases started
// before the kernel continue (their histories replay: test/replay/histories/mlaRequestWorkflow).
export async function mlaRequestWorkflow(input: CaseWorkflowInput): Promise<CaseSnapshot> {
  return runCase(MLA_MACHINE, input);
}
