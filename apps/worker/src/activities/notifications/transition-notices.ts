import type { CaseTransition, DeadlineEvent, Visibility } from '@comity/contracts';
import type { Notice, NoticeRecipient, NotificationKind } from '@comity/notifications';

// Which transitions notify whom. Keyed by action, so any case kind whose machine uses an action
// of the same meaning notifies alike; a new kind adds its own actions here. Recipients are
// offices and roles, not people; the outbox checks each against the case access policy and the
// step's visibility before anything is recorded or sent.

type Party = 'requesting_office' | 'requesting_central_authority' | 'requested_central_authority';

interface NoticeRule {
  kind: NotificationKind;
  to: readonly Party[];
  text: string;
}

const TRANSITION_NOTICES: Readonly<Record<string, NoticeRule>> = {
  return: { kind: 'returned', to: ['requesting_office'], text: 'returned by the central authority' },
  internal_return: { kind: 'returned', to: ['requesting_office'], text: 'returned by internal review' },
  request_supplementary_information: {
    kind: 'supplementary_information_requested',
    to: ['requesting_office', 'requesting_central_authority'],
    text: 'supplementary information requested by the requested state',
  },
  answer_supplementary_information: {
    kind: 'supplementary_information_answered',
    to: ['requested_central_authority'],
    text: 'supplementary information answered',
  },
  transmit: { kind: 'transmitted', to: ['requested_central_authority'], text: 'transmitted to your central authority' },
  record_partial_response: { kind: 'response', to: ['requesting_office', 'requesting_central_authority'], text: 'partial response received' },
  record_final_response: { kind: 'response', to: ['requesting_office', 'requesting_central_authority'], text: 'final response received' },
  refuse: { kind: 'response', to: ['requesting_office', 'requesting_central_authority'], text: 'refused by the requested state' },
};

function recipientOf(party: Party, t: CaseTransition): NoticeRecipient {
  switch (party) {
    case 'requesting_office':
      return { role: 'prosecutor', jurisdiction: t.requestingState, authorityId: t.requestingAuthorityId };
    case 'requesting_central_authority':
      return { role: 'central_authority', jurisdiction: t.requestingState, authorityId: null };
    case 'requested_central_authority':
      return { role: 'central_authority', jurisdiction: t.requestedState, authorityId: null };
  }
}

function caseLabel(reference: string | undefined, caseId: string): string {
  return reference ? `Case ${reference}` : `Case ${caseId}`;
}

/** The notices a transition raises (none for most). */
export function transitionNotices(t: CaseTransition): Notice[] {
  const rule = TRANSITION_NOTICES[t.action];
  if (!rule) return [];
  const visibility: Visibility = t.visibility ?? 'requesting';
  return rule.to.map((party) => {
    const recipient = recipientOf(party, t);
    return {
      caseId: t.caseId,
      sourceKey: `${t.caseId}:${t.seq}:${party}`,
      kind: rule.kind,
      message: `${caseLabel(t.draft.reference, t.caseId)}: ${rule.text}`,
      at: t.at,
      visibility,
      recipient,
    };
  });
}

/** A reminder goes to the holder; an escalation to the holder and the supervisors of its state. */
export function deadlineNotices(e: DeadlineEvent): Notice[] {
  const roles = e.kind === 'reminder' ? [e.holder.role] : [...new Set([e.holder.role, 'supervisor' as const])];
  const notices: Notice[] = roles.map((role) => ({
    caseId: e.caseId,
    // The same key the first version of this writer used, so events recorded before stay unique.
    sourceKey: `${e.caseId}:${e.eventId}:${role}`,
    kind: e.kind,
    message:
      e.kind === 'reminder'
        ? `Deadline ${e.deadlineKey} falls due at ${e.dueAt}`
        : `Deadline ${e.deadlineKey} was breached at ${e.dueAt}`,
    at: e.at,
    visibility: e.visibility ?? 'shared',
    recipient: {
      role,
      jurisdiction: e.holder.jurisdiction,
      authorityId: role === e.holder.role ? e.holder.authorityId : null,
    },
  }));
  // Clocks both sides keep (provisional arrest, surrender) alert the other side's central authority too.
  if (e.counterpart) {
    notices.push({
      ...notices[0],
      sourceKey: `${e.caseId}:${e.eventId}:counterpart:${e.counterpart.role}`,
      recipient: { role: e.counterpart.role, jurisdiction: e.counterpart.jurisdiction, authorityId: null },
    });
  }
  return notices;
}
