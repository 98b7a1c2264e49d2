import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { awaitCreatedUpdate, caseWorkflowId, type ActionInput, type Actor, type CaseWorkflowInput } from '@comity/contracts';
import { act } from './mla';

// Workflow-tier helpers for extradition (and art. 4) cases: the US asks Mexico, unless told otherwise.

export const EXTRADITION_ACTORS = {
  usProsecutor: { userId: 'u-us-prosecutor', roles: ['prosecutor'], authorityId: null, jurisdiction: 'US' },
  usCentral: { userId: 'u-us-central', roles: ['central_authority'], authorityId: null, jurisdiction: 'US' },
  mxCentral: { userId: 'u-mx-central', roles: ['central_authority'], authorityId: null, jurisdiction: 'MX' },
  mxProsecutor: { userId: 'u-mx-prosecutor', roles: ['prosecutor'], authorityId: null, jurisdiction: 'MX' },
} satisfies Record<string, Actor>;

export const TRANSMISSION = { channel: 'diplomatic_note', referenceNumber: 'DOS-LEI-0173', sentAt: '2026-12-01T15:00:00Z' } as const;

export function extraditionInput(over: Partial<CaseWorkflowInput> = {}): CaseWorkflowInput {
  return {
    kind: 'extradition',
    caseId: randomUUID(),
    requestingState: 'US',
    requestedState: 'MX',
    requestingAuthorityId: null,
    createdBy: EXTRADITION_ACTORS.usProsecutor.userId,
    internalReview: false,
    draft: {
      reference: 'EXT-1',
      summary: 'Wire fraud',
      requestType: 'provisional_then_formal',
      personSought: { nationalities: ['US'], custodyStatus: 'at_large' },
    },
    ...over,
  };
}

export async function startCase(client: Client, taskQueue: string, over: Partial<CaseWorkflowInput> = {}) {
  const input = extraditionInput(over);
  const handle = await client.workflow.start('caseWorkflow', { workflowId: caseWorkflowId(input.caseId), taskQueue, args: [input] });
  await handle.executeUpdate(awaitCreatedUpdate, { args: [{}] });
  return { caseId: input.caseId, handle };
}

type Step = [string, Actor, Partial<ActionInput>?];

/** Runs actions in order; each must succeed. */
export async function steps(handle: WorkflowHandle, list: Step[]) {
  let last: unknown;
  for (const [action, actor, extra] of list) last = await act(handle, action, actor, extra);
  return last as { stage: string; outcome: string | null; facts?: Record<string, unknown> };
}

const A = EXTRADITION_ACTORS;
/** Drafting and clearance in the requesting state (US), then transmission by diplomatic note. */
export const TO_TRANSMITTED: Step[] = [
  ['submit', A.usProsecutor],
  ['approve', A.usCentral],
  ['transmit', A.usCentral, { transmission: TRANSMISSION }],
];
