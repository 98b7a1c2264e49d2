/** Workflow ID of a case: a random case id only, never a name or a reference a person could read. */
export function caseWorkflowId(caseId: string): string {
  return `case/${caseId}`;
}
