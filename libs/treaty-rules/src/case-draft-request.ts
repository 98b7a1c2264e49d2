import { normalizeDraft, type CaseDraft } from '@comity/contracts';
import type { CaseKind } from '@comity/domain';
import type { DeadlineTrigger, DraftRequest } from './types';

/** A case's draft as the rules engine evaluates it: the one draft model plus who asks whom. */
export function caseDraftRequest(
  kind: CaseKind,
  requestingState: string,
  requestedState: string,
  draft: CaseDraft,
  events: Partial<Record<DeadlineTrigger, string>> = {},
): DraftRequest {
  const content = normalizeDraft(draft);
  return { ...content, requestingState, requestedState, kind, offences: content.offences ?? [], events };
}
