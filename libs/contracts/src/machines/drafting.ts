import type { ActionSpec, HolderRule } from '../case/case-machine';
import type { Actor, MlaDraft } from '../case/case.types';

// The requesting state's own half, the same for every kind: a prosecutor drafts, a supervisor may
// review, the central authority clears (or returns, or rejects), translation when needed.

export const DRAFTING_STAGES = ['draft', 'internal_review', 'central_authority_review', 'translation', 'ready_to_transmit'] as const;

export type DraftingActionInput =
  | { action: 'edit_draft'; draft: MlaDraft }
  | { action: 'submit' }
  | { action: 'internal_approve'; reason?: string }
  | { action: 'internal_return'; reason: string }
  | { action: 'approve'; reason?: string }
  | { action: 'return'; reason: string }
  | { action: 'reject'; reason: string }
  | { action: 'record_translation'; reason?: string };

type Spec<A extends DraftingActionInput['action']> = ActionSpec<Extract<DraftingActionInput, { action: A }> & { actor: Actor }>;

export const DRAFTING_ACTIONS: { [A in DraftingActionInput['action']]: Spec<A> } = {
  edit_draft: {
    from: ['draft'],
    roles: ['prosecutor'],
    side: 'requesting',
    requires: ['draft'],
    to: 'draft',
    noReason: true,
    effect: (ctx, a) => ({ changes: { draft: { ...ctx.snapshot.draft, ...a.draft } } }),
  },
  submit: {
    from: ['draft'],
    roles: ['prosecutor'],
    side: 'requesting',
    to: (ctx) => (ctx.internalReview ? 'internal_review' : 'central_authority_review'),
    noReason: true,
    kernel: 'assess-submission',
  },
  internal_approve: { from: ['internal_review'], roles: ['supervisor'], side: 'requesting', to: 'central_authority_review' },
  internal_return: { from: ['internal_review'], roles: ['supervisor'], side: 'requesting', requires: ['reason'], to: 'draft' },
  approve: {
    from: ['central_authority_review'],
    roles: ['central_authority'],
    side: 'requesting',
    to: (ctx) => (ctx.snapshot.translationRequired ? 'translation' : 'ready_to_transmit'),
  },
  return: { from: ['central_authority_review'], roles: ['central_authority'], side: 'requesting', requires: ['reason'], to: 'draft' },
  reject: {
    from: ['central_authority_review'],
    roles: ['central_authority'],
    side: 'requesting',
    requires: ['reason'],
    to: 'closed',
    outcome: 'rejected',
  },
  record_translation: { from: ['translation'], roles: ['central_authority'], side: 'requesting', to: 'ready_to_transmit' },
};

const PROSECUTOR: HolderRule = { role: 'prosecutor', side: 'requesting', office: true };
const REQUESTING_CENTRAL: HolderRule = { role: 'central_authority', side: 'requesting' };

export const DRAFTING_HOLDERS: Record<(typeof DRAFTING_STAGES)[number] | 'closed', HolderRule> = {
  draft: PROSECUTOR,
  internal_review: { role: 'supervisor', side: 'requesting', office: true },
  central_authority_review: REQUESTING_CENTRAL,
  translation: REQUESTING_CENTRAL,
  ready_to_transmit: REQUESTING_CENTRAL,
  closed: PROSECUTOR,
};

export const HOLDERS = {
  prosecutor: PROSECUTOR,
  requestingCentral: REQUESTING_CENTRAL,
  requestedCentral: { role: 'central_authority', side: 'requested' } as HolderRule,
};

// The requesting side's own review period: the requested state never sees it.
export const CENTRAL_AUTHORITY_REVIEW_BINDING = {
  activeInStages: ['central_authority_review'],
  pausedInStages: [],
  breach: { effect: 'escalate' },
  visibility: 'requesting',
} as const;
