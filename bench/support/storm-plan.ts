// The fault storm's script: for a seed and a number of cases, the same list of MLA lifecycles
// every time. Each case is a list of steps a client takes over HTTP, in order; the control run
// and the storm run play the same list.
import type { MlaAction, MlaStage } from '@comity/contracts';

/**
 * A draft as sent over HTTP. `personsConcerned` is written here as text; the client sends it in
 * the shape the api's OpenAPI document asks for (text, or a list of persons).
 */
export type DraftBody = Record<string, unknown>;

/** Who takes a step: a demo user of the requesting state (or of the requested one: `foreign*`). */
export type Who = 'prosecutor' | 'central' | 'supervisor' | 'foreign' | 'foreignSupervisor';

export type Step =
  /** POST /cases with the case's Idempotency-Key; `twice`: two identical POSTs at once (a double submit). */
  | { op: 'create'; twice: boolean }
  /** PATCH /cases/{id}/draft by the prosecutor. */
  | { op: 'edit'; draft: DraftBody }
  /** POST /cases/{id}/actions/{action}; skipped unless the case is in `onlyInStage` when given. */
  | {
      op: 'act';
      action: Exclude<MlaAction, 'edit_draft' | 'extend_deadline'>;
      who: Who;
      body: Record<string, unknown>;
      onlyInStage?: MlaStage;
    }
  /** extend_deadline on the case's first open deadline (skipped when it has none). */
  | { op: 'extend'; who: Who; newDueAt: string }
  /** POST /cases again with the same Idempotency-Key after the case has closed (a late client retry). */
  | { op: 'late_create' };

export type Scenario =
  | 'executed'
  | 'supplementary'
  | 'partial_then_final'
  | 'returned_resubmitted'
  | 'internal_returned'
  | 'rejected'
  | 'refused'
  | 'withdrawn'
  | 'left_open';

export interface CasePlan {
  index: number;
  scenario: Scenario;
  requestingState: string;
  requestedState: string;
  internalReview: boolean;
  idempotencyKey: string;
  /** The draft sent with POST /cases. */
  createDraft: DraftBody;
  steps: Step[];
}

const STATES = ['HN', 'GT', 'SV', 'MX', 'US'];

import { prng } from '../../scripts/prng';

export { prng };

function completeDraft(reference: string, i: number): DraftBody {
  return {
    reference,
    summary: `Bank records of shell company ${i}`,
    requestingAuthority: 'Ministerio Público',
    investigatingAuthority: 'Fiscalía Especial contra el Crimen Organizado',
    subject: 'Money laundering investigation',
    factsSummary: `Funds moved through accounts abroad between 2023 and 2025 (case ${i})`,
    assistanceSought: 'Bank records of two accounts',
    legalProvisions: 'Criminal code, money laundering article',
    personsConcerned: 'Account holders',
    purpose: 'Trace the proceeds',
    offences: [{ description: 'Money laundering', maxPenaltyYears: 15 }],
  };
}

const SCENARIOS: [Scenario, number][] = [
  ['executed', 16],
  ['supplementary', 14],
  ['partial_then_final', 12],
  ['returned_resubmitted', 12],
  ['internal_returned', 8],
  ['rejected', 8],
  ['refused', 10],
  ['withdrawn', 12],
  ['left_open', 8],
];

export function stormPlan(seed: number, cases: number): CasePlan[] {
  const r = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const total = SCENARIOS.reduce((n, [, w]) => n + w, 0);
  const scenarioOf = (): Scenario => {
    let x = r() * total;
    for (const [s, w] of SCENARIOS) if ((x -= w) < 0) return s;
    return 'executed';
  };

  return Array.from({ length: cases }, (_, index) => {
    const requestingState = pick(STATES);
    const requestedState = pick(STATES.filter((s) => s !== requestingState));
    const scenario = scenarioOf();
    const internalReview = scenario === 'internal_returned' || chance(0.1);
    const reference = `STORM-${seed}-${String(index).padStart(4, '0')}`;
    const full = completeDraft(reference, index);
    // Half the cases open with part of the draft and complete it with an edit.
    const startsPartial = chance(0.5);
    const createDraft: DraftBody = startsPartial ? { reference, summary: full.summary } : full;
    const steps: Step[] = [{ op: 'create', twice: chance(0.1) }];
    if (startsPartial) steps.push({ op: 'edit', draft: full });
    const act = (
      action: Extract<Step, { op: 'act' }>['action'],
      who: Who,
      body: Record<string, unknown> = {},
      onlyInStage?: MlaStage,
    ) => steps.push({ op: 'act', action, who, body, ...(onlyInStage ? { onlyInStage } : {}) });
    const reason = (what: string) => `${what} (case ${index})`;
    const submit = () => {
      act('submit', 'prosecutor');
      if (internalReview) act('internal_approve', 'supervisor', {}, 'internal_review');
    };

    // Drafting and review on the requesting side.
    if (scenario === 'internal_returned') {
      act('submit', 'prosecutor');
      act('internal_return', 'supervisor', { reason: reason('Add the account numbers') }, 'internal_review');
      steps.push({ op: 'edit', draft: { assistanceSought: 'Bank records of accounts 1 and 2' } });
      submit();
    } else {
      submit();
    }
    if (chance(0.15))
      steps.push({
        op: 'extend',
        who: 'supervisor',
        newDueAt: new Date(Date.UTC(2099, 0, 1 + index)).toISOString(),
      });
    if (scenario === 'returned_resubmitted') {
      const rounds = int(1, 2);
      for (let k = 0; k < rounds; k++) {
        act('return', 'central', { reason: reason(`Cite the statutes, round ${k + 1}`) });
        steps.push({ op: 'edit', draft: { legalProvisions: `Criminal code arts. 1-${k + 2}` } });
        submit();
      }
    }
    if (scenario === 'rejected') {
      act('reject', 'central', { reason: reason('No dual criminality') });
      if (chance(0.3)) steps.push({ op: 'late_create' });
      return {
        index,
        scenario,
        requestingState,
        requestedState,
        internalReview,
        idempotencyKey: reference,
        createDraft,
        steps,
      };
    }
    act('approve', 'central');
    act('record_translation', 'central', {}, 'translation');
    act('transmit', 'central');
    act('acknowledge', 'foreign');

    // Execution on the requested side.
    const lifecycleAfterAck: Step[] = [];
    const later = (
      action: Extract<Step, { op: 'act' }>['action'],
      who: Who,
      body: Record<string, unknown> = {},
    ) => lifecycleAfterAck.push({ op: 'act', action, who, body });
    if (chance(0.15)) {
      // Asked for more on acknowledgement: the answer starts the execution.
      later('request_supplementary_information', 'foreign', { reason: reason('Which period?') });
      later('answer_supplementary_information', 'prosecutor', { reason: reason('2023 to 2025') });
    } else {
      later('begin_execution', 'foreign');
    }
    const rounds = scenario === 'supplementary' ? int(1, 3) : chance(0.2) ? 1 : 0;
    for (let k = 0; k < rounds; k++) {
      later('request_supplementary_information', 'foreign', {
        reason: reason(`Which accounts, round ${k + 1}?`),
      });
      later('answer_supplementary_information', 'prosecutor', {
        reason: reason(`Accounts listed, round ${k + 1}`),
      });
    }
    const partials = scenario === 'partial_then_final' ? int(1, 3) : chance(0.15) ? 1 : 0;
    for (let k = 0; k < partials; k++) later('record_partial_response', 'foreign');
    if (scenario === 'refused') {
      // Refused on acknowledgement, during execution, or while waiting for information.
      const where = int(0, 2);
      if (where === 0) lifecycleAfterAck.length = 0;
      if (where === 2)
        later('request_supplementary_information', 'foreign', {
          reason: reason('Is the offence political?'),
        });
      later('refuse', 'foreign', { reason: reason('Essential interests of the requested state') });
    } else {
      later('record_final_response', 'foreign', {
        result: scenario === 'partial_then_final' || chance(0.2) ? 'partially_executed' : 'executed',
      });
      later('close', 'prosecutor');
    }

    if (scenario === 'withdrawn' || scenario === 'left_open') {
      // Stop somewhere along the way: withdraw there, or leave the case open.
      const before = [...steps];
      const all = [...before, ...lifecycleAfterAck];
      // Never cut inside the create/edit prefix so there is always a case to act on.
      const cut = int(1 + (startsPartial ? 1 : 0), all.length - 2);
      steps.length = 0;
      steps.push(...all.slice(0, cut));
      if (scenario === 'withdrawn') {
        // The requesting central authority sees the case once it has approved it; before, only the prosecutor can withdraw.
        const approved = steps.some((s) => s.op === 'act' && s.action === 'approve');
        const who: Who = approved && chance(0.5) ? 'central' : 'prosecutor';
        steps.push({
          op: 'act',
          action: 'withdraw',
          who,
          body: { reason: reason('The investigation was closed') },
        });
        if (chance(0.3)) steps.push({ op: 'late_create' });
      }
    } else {
      steps.push(...lifecycleAfterAck);
      if (chance(0.1)) steps.push({ op: 'late_create' });
    }
    return {
      index,
      scenario,
      requestingState,
      requestedState,
      internalReview,
      idempotencyKey: reference,
      createDraft,
      steps,
    };
  });
}

/** Steps that change a case (everything but the late create), for the progress count. */
export function countSteps(plans: CasePlan[]): number {
  return plans.reduce((n, p) => n + p.steps.length, 0);
}
