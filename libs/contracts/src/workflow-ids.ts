/** Workflow ID of a case: the random case id only, never a name or a reference a person could read. */
export function caseWorkflowId(caseId: string): string {
  return `case/${caseId}`;
}

/** Workflow type of MLA requests. */
export const MLA_WORKFLOW_TYPE = 'mlaRequestWorkflow';
