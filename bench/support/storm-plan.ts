// The fault storm's script: for a seed and a number of cases, the same list of case lifecycles
// every time, half MLA and half extradition. Each case is a list of steps a client takes over
// HTTP, in order; the control run and the storm run play the same list. The steps name the
// actions of each kind's machine (libs/contracts/src/machines), and an extradition's judicial
// phase follows the machine's own table of the requested state's phase (JUDICIAL_PHASE).
import {
  CLOSED_STAGE,
  JUDICIAL_PHASE,
  machineFor,
  refusalIn,
  type Actor,
  type CaseSnapshot,
  type ExtraditionActionInput,
  type ExtraditionStage,
  type ForeignProsecutionActionInput,
  type MlaAction,
  type MlaStage,
} from '@comity/contracts';
import { prng } from '../../scripts/prng';
import { extraditionDraft as completeExtraditionDraft } from '../../test/support/us-to-mx';

export { prng };

/**
 * A draft as sent over HTTP. `personsConcerned` is written here as text; the client sends it in
 * the shape the api's OpenAPI document asks for (text, or a list of persons).
 */
export type DraftBody = Record<string, unknown>;

/** Who takes a step: a demo user of the requesting state (or of the requested one: `foreign*`). */
export type Who = 'prosecutor' | 'central' | 'supervisor' | 'foreign' | 'foreignSupervisor';

export type StormKind = 'mla' | 'extradition';

/** An action a script takes, of any kind's machine (draft edits and extensions are steps of their own). */
export type ScriptedAction = Exclude<
  MlaAction | ExtraditionActionInput['action'] | ForeignProsecutionActionInput['action'],
  'edit_draft' | 'extend_deadline'
>;
export type ScriptedStage = MlaStage | ExtraditionStage;

export type Step =
  /** POST /cases with the case's Idempotency-Key; `twice`: two identical POSTs at once (a double submit). */
  | { op: 'create'; twice: boolean }
  /** PATCH /cases/{id}/draft by the prosecutor. */
  | { op: 'edit'; draft: DraftBody }
  /** POST /cases/{id}/actions/{action}; skipped unless the case is in `onlyInStage` when given. */
  | {
      op: 'act';
      action: ScriptedAction;
      who: Who;
      body: Record<string, unknown>;
      onlyInStage?: ScriptedStage;
    }
  /** extend_deadline on the case's first open deadline (skipped when it has none). */
  | { op: 'extend'; who: Who; newDueAt: string }
  /** POST /cases again with the same Idempotency-Key after the case has closed (a late client retry). */
  | { op: 'late_create' }
  /**
   * The supporting documents a formal extradition request travels with, shared: the warrant
   * (apostilled), the identification record, the generated letter and its signed copy.
   */
  | { op: 'documents' }
  /** Waits for the case to reach a stage by itself (a timer that has already run out). */
  | { op: 'await_stage'; stage: ScriptedStage; who: Who }
  /** From here on the steps act on the case the last refusal opened (an art. 4 case). */
  | { op: 'follow_link' };

export type MlaScenario =
  | 'executed'
  | 'supplementary'
  | 'partial_then_final'
  | 'returned_resubmitted'
  | 'internal_returned'
  | 'rejected'
  | 'refused'
  | 'withdrawn'
  | 'left_open';

export type ExtraditionScenario =
  /** Provisional arrest recorded; the formal-request window is left running. */
  | 'window_pending'
  /** The arrest is recorded long after the fact: the window has passed, a release decision follows. */
  | 'window_lapsed'
  /** Formal request, the requested state's judicial phase, surrender, specialty, closure. */
  | 'surrendered'
  /** As surrendered, but stopping with a later clock running (amparo window, surrender window). */
  | 'judicial_pending'
  /** Surrender deferred, with a temporary surrender and return where the pair allows it. */
  | 'deferred'
  /** Consent (simplified extradition). */
  | 'consent'
  /** Refused by the court, or an appeal against the grant upheld. */
  | 'refused'
  /** A Mexican national refused with domestic prosecution instead: the linked art. 4 case is driven too. */
  | 'nationals_art4'
  | 'withdrawn'
  | 'death';

export type Scenario = MlaScenario | ExtraditionScenario;

export interface CasePlan {
  index: number;
  kind: StormKind;
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

/** The seeded dice of one plan. */
interface Dice {
  r: () => number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  int(lo: number, hi: number): number;
  weighted<T>(table: readonly (readonly [T, number])[]): T;
}

function dice(seed: number): Dice {
  const r = prng(seed);
  return {
    r,
    pick: (xs) => xs[Math.floor(r() * xs.length)],
    chance: (p) => r() < p,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    weighted: (table) => {
      let x = r() * table.reduce((n, [, w]) => n + w, 0);
      for (const [v, w] of table) if ((x -= w) < 0) return v;
      return table[0][0];
    },
  };
}

/** A script being written: its steps and the helpers every kind uses. */
class Script {
  readonly steps: Step[] = [];
  constructor(
    readonly index: number,
    readonly d: Dice,
  ) {}

  act(
    action: ScriptedAction,
    who: Who,
    body: Record<string, unknown> = {},
    onlyInStage?: ScriptedStage,
  ): void {
    this.steps.push({ op: 'act', action, who, body, ...(onlyInStage ? { onlyInStage } : {}) });
  }

  reason(what: string): { reason: string } {
    return { reason: `${what} (case ${this.index})` };
  }

  /** Creation, with half the drafts completed by an edit afterwards. */
  create(full: DraftBody, partial: DraftBody): DraftBody {
    const startsPartial = this.d.chance(0.5);
    this.steps.push({ op: 'create', twice: this.d.chance(0.1) });
    if (startsPartial) this.steps.push({ op: 'edit', draft: full });
    return startsPartial ? partial : full;
  }

  /** How many steps open the script (creation and the completing edit): never cut inside them. */
  get prefix(): number {
    return this.steps[1]?.op === 'edit' ? 2 : 1;
  }

  submit(internalReview: boolean): void {
    this.act('submit', 'prosecutor');
    if (internalReview) this.act('internal_approve', 'supervisor', {}, 'internal_review');
  }

  /**
   * The requesting state's own review, the same for every kind: returned by the supervisor or the
   * central authority and resubmitted, sometimes an extension; false when the central authority
   * rejects the request there.
   */
  drafting(o: {
    internalReview: boolean;
    internalReturn: boolean;
    returnRounds: number;
    reject: boolean;
    edit: DraftBody;
  }): boolean {
    if (o.internalReturn) {
      this.act('submit', 'prosecutor');
      this.act('internal_return', 'supervisor', this.reason('Add the missing details'), 'internal_review');
      this.steps.push({ op: 'edit', draft: o.edit });
    }
    this.submit(o.internalReview);
    if (this.d.chance(0.15))
      this.steps.push({
        op: 'extend',
        who: 'supervisor',
        newDueAt: new Date(Date.UTC(2099, 0, 1 + this.index)).toISOString(),
      });
    for (let k = 0; k < o.returnRounds; k++) {
      this.act('return', 'central', this.reason(`Cite the statutes, round ${k + 1}`));
      this.steps.push({ op: 'edit', draft: o.edit });
      this.submit(o.internalReview);
    }
    if (o.reject) {
      this.act('reject', 'central', this.reason('No dual criminality'));
      return false;
    }
    this.act('approve', 'central');
    this.act('record_translation', 'central', {}, 'translation');
    return true;
  }

  /** Stops the script at a random point after `from` (at least one step kept), then `then`. */
  cutAfter(from: number, then?: () => void): void {
    const cut = this.d.int(Math.max(from, this.prefix), this.steps.length - 1);
    this.steps.length = cut;
    then?.();
  }

  lateCreate(p: number): void {
    if (this.d.chance(p)) this.steps.push({ op: 'late_create' });
  }
}

type Written = Omit<CasePlan, 'index' | 'idempotencyKey'>;

// ----- MLA

function mlaDraft(reference: string, i: number): DraftBody {
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

const MLA_SCENARIOS: [MlaScenario, number][] = [
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

function mlaScript(s: Script, reference: string): Written {
  const { d, index } = s;
  const requestingState = d.pick(STATES);
  const requestedState = d.pick(STATES.filter((x) => x !== requestingState));
  const scenario = d.weighted(MLA_SCENARIOS);
  const internalReview = scenario === 'internal_returned' || d.chance(0.1);
  const full = mlaDraft(reference, index);
  const createDraft = s.create(full, { reference, summary: full.summary });
  const written = {
    kind: 'mla' as const,
    scenario,
    requestingState,
    requestedState,
    internalReview,
    createDraft,
    steps: s.steps,
  };
  const cleared = s.drafting({
    internalReview,
    internalReturn: scenario === 'internal_returned',
    returnRounds: scenario === 'returned_resubmitted' ? d.int(1, 2) : 0,
    reject: scenario === 'rejected',
    edit: {
      assistanceSought: 'Bank records of accounts 1 and 2',
      legalProvisions: 'Criminal code arts. 1-3',
    },
  });
  if (!cleared) {
    s.lateCreate(0.3);
    return written;
  }
  s.act('transmit', 'central');
  s.act('acknowledge', 'foreign');
  const acknowledged = s.steps.length;

  // Execution on the requested side.
  if (d.chance(0.15)) {
    // Asked for more on acknowledgement: the answer starts the execution.
    s.act('request_supplementary_information', 'foreign', s.reason('Which period?'));
    s.act('answer_supplementary_information', 'prosecutor', s.reason('2023 to 2025'));
  } else {
    s.act('begin_execution', 'foreign');
  }
  const rounds = scenario === 'supplementary' ? d.int(1, 3) : d.chance(0.2) ? 1 : 0;
  for (let k = 0; k < rounds; k++) {
    s.act('request_supplementary_information', 'foreign', s.reason(`Which accounts, round ${k + 1}?`));
    s.act('answer_supplementary_information', 'prosecutor', s.reason(`Accounts listed, round ${k + 1}`));
  }
  const partials = scenario === 'partial_then_final' ? d.int(1, 3) : d.chance(0.15) ? 1 : 0;
  for (let k = 0; k < partials; k++) s.act('record_partial_response', 'foreign');
  if (scenario === 'refused') {
    // Refused on acknowledgement, during execution, or while waiting for information.
    const where = d.int(0, 2);
    if (where === 0) s.steps.length = acknowledged;
    if (where === 2)
      s.act('request_supplementary_information', 'foreign', s.reason('Is the offence political?'));
    s.act('refuse', 'foreign', s.reason('Essential interests of the requested state'));
    s.lateCreate(0.1);
    return written;
  }
  s.act('record_final_response', 'foreign', {
    result: scenario === 'partial_then_final' || d.chance(0.2) ? 'partially_executed' : 'executed',
  });
  s.act('close', 'prosecutor');
  if (scenario === 'withdrawn' || scenario === 'left_open') {
    // Stop somewhere along the way: withdraw there, or leave the case open.
    s.cutAfter(1, () => {
      if (scenario === 'left_open') return;
      // The requesting central authority sees the case once it has approved it; before, only the prosecutor can withdraw.
      const approved = s.steps.some((x) => x.op === 'act' && x.action === 'approve');
      s.act(
        'withdraw',
        approved && d.chance(0.5) ? 'central' : 'prosecutor',
        s.reason('The investigation was closed'),
      );
      s.lateCreate(0.3);
    });
    return written;
  }
  s.lateCreate(0.1);
  return written;
}

// ----- Extradition

// Pairs with an extradition basis the rules find complete for the storm's draft: the US–MX treaty
// both ways, US–GT (1903, no confirmed provisional-arrest period: no window is computed), US–SV,
// US–HN, MX–GT both ways, and Montevideo between the Central American states.
const EXTRADITION_PAIRS: [string, string][] = [
  ['US', 'MX'],
  ['MX', 'US'],
  ['US', 'GT'],
  ['US', 'SV'],
  ['US', 'HN'],
  ['MX', 'GT'],
  ['GT', 'MX'],
  ['GT', 'HN'],
  ['HN', 'SV'],
];

// US–GT (1903) leaves the provisional-arrest period unconfirmed: no window is computed to lapse.
const WINDOWLESS = new Set(['US-GT', 'GT-US']);

const EXTRADITION_SCENARIOS: [ExtraditionScenario, number][] = [
  ['window_pending', 16],
  ['window_lapsed', 8],
  ['surrendered', 14],
  ['judicial_pending', 10],
  ['deferred', 8],
  ['consent', 6],
  ['refused', 8],
  ['nationals_art4', 8],
  ['withdrawn', 10],
  ['death', 5],
];

const DAY = 86_400_000;

// The e2e tests' complete draft (every supporting document listed, both languages provided),
// with the case's own reference, type and person; a red notice on one case in three (it is optional).
function extraditionDraft(reference: string, i: number, requestType: string, nationality: string): DraftBody {
  const { redNoticeRef, ...draft } = completeExtraditionDraft({
    reference,
    summary: `Wire fraud and money laundering (case ${i})`,
    requestType,
    personSought: {
      nationalities: [nationality],
      custodyStatus: requestType === 'formal' ? 'in_custody' : 'at_large',
    },
  });
  return i % 3 === 0 ? { ...draft, redNoticeRef } : draft;
}

const transmission = (index: number, what: string, sentAt: number) => ({
  transmission: {
    channel: 'diplomatic_note',
    referenceNumber: `NOTE-${what}-${String(index).padStart(4, '0')}`,
    sentAt: new Date(sentAt).toISOString(),
  },
});

/**
 * An extradition: drafting as for MLA, then provisional arrest and its window, or a formal request
 * at once; admission and the requested state's judicial phase from the machine's table; then
 * surrender (or deferral, temporary surrender, consent, refusal, nationals refused with an art. 4
 * case, withdrawal, death). `epoch` fixes every instant the script gives (arrests, returns), so
 * both runs plan the same windows: an arrest days ago leaves the 60-day window running with every
 * alert ahead, one 70 days ago finds it passed on arrival.
 */
function extraditionScript(s: Script, reference: string, epoch: number): Written {
  const { d, index } = s;
  const scenario = d.weighted(EXTRADITION_SCENARIOS);
  const pairs: Record<string, [string, string][]> = {
    nationals_art4: [['US', 'MX']],
    deferred: [
      ['US', 'MX'],
      ['MX', 'US'],
      ['US', 'GT'],
    ],
    window_lapsed: EXTRADITION_PAIRS.filter((p) => !WINDOWLESS.has(p.join('-'))),
  };
  const [requestingState, requestedState] = d.pick(pairs[scenario] ?? EXTRADITION_PAIRS);
  const provisional = scenario === 'window_pending' || scenario === 'window_lapsed' || d.chance(0.4);
  const requestType = provisional ? 'provisional_then_formal' : 'formal';
  const nationality = scenario === 'nationals_art4' ? 'MX' : 'CA';
  const internalReview = d.chance(0.15);
  const full = extraditionDraft(reference, index, requestType, nationality);
  const createDraft = s.create(full, { reference, summary: full.summary, requestType });
  const written = {
    kind: 'extradition' as const,
    scenario,
    requestingState,
    requestedState,
    internalReview,
    createDraft,
    steps: s.steps,
  };
  s.drafting({
    internalReview,
    // A supervisor can return only a case that goes through internal review.
    internalReturn: internalReview && d.chance(0.5),
    returnRounds: d.chance(0.1) ? 1 : 0,
    reject: false,
    edit: { summary: `Wire fraud, money laundering and conspiracy (case ${index})` },
  });
  if (!provisional) s.steps.push({ op: 'documents' });
  s.act('transmit', 'central', transmission(index, 'REQ', epoch - 20 * DAY));
  const transmitted = s.steps.length;
  lifecycle(s, written, epoch);
  if (scenario === 'withdrawn' || scenario === 'death') endEarly(s, scenario, transmitted);
  return written;
}

// After transmission: the arrest and its window, the formal request, the judicial phase, and how
// the case ends (withdrawal and death are cut out of a surrender's lifecycle afterwards).
function lifecycle(s: Script, written: Written, epoch: number): void {
  const { d, index } = s;
  const { scenario, requestingState, requestedState } = written;
  const provisional = (written.createDraft.requestType ?? 'formal') !== 'formal';
  const phase = JUDICIAL_PHASE[requestedState];
  if (d.chance(0.3))
    s.act('record_transmission_details', 'foreign', {
      transmission: {
        receivedAt: new Date(epoch - 19 * DAY).toISOString(),
        counterpartReference: `RCV-${index}`,
      },
    });

  if (provisional) {
    const lapsed = scenario === 'window_lapsed';
    const arrestedAt = epoch - (lapsed ? 70 : d.int(1, 30)) * DAY;
    s.act('record_arrest', 'foreign', {
      arrestedAt: new Date(arrestedAt).toISOString(),
      place: `Port of entry ${index % 7}`,
    });
    if (scenario === 'window_pending') return;
    if (lapsed) {
      // Alerts, escalation and the release decision follow at once; the script waits for them.
      s.steps.push({ op: 'await_stage', stage: 'release_decision', who: 'foreign' });
      s.act('record_release', 'foreign', s.reason('No formal request within the window'));
      if (d.chance(0.4)) return;
    }
    if (scenario === 'consent' && d.chance(0.5)) {
      s.act('record_consent', 'foreign');
      return surrender(s, requestingState, requestedState, epoch, 'consent');
    }
    s.steps.push({ op: 'documents' });
    s.act('transmit_formal_request', 'central', transmission(index, 'FORMAL', epoch - 5 * DAY));
  }
  s.act('admit_request', 'foreign');

  // The requested state's judicial phase, as the machine's table has it.
  if (scenario === 'consent') {
    s.act('record_consent', 'foreign');
    return surrender(s, requestingState, requestedState, epoch, 'consent');
  }
  if (phase.entry === 'objections') {
    if (d.chance(0.5)) s.act('record_objections', 'foreign', s.reason('Mistaken identity'));
    s.act('record_judge_opinion', 'foreign', { opinion: 'favourable' });
  } else if (phase.entry === 'extradition_hearing') {
    s.act('certify', 'foreign');
  }
  if (scenario === 'nationals_art4') {
    s.act('refuse', 'foreign', {
      grounds: ['nationality (LEI art. 14)'],
      ...s.reason('Mexican national'),
      domesticProsecution: true,
    });
    // The art. 4 case the refusal opened, driven by the same people.
    s.steps.push({ op: 'follow_link' });
    s.act('submit', 'prosecutor');
    s.act('approve', 'central');
    s.act('transmit', 'central', transmission(index, 'ART4', epoch - 2 * DAY));
    s.act('acknowledge', 'foreign');
    if (d.chance(0.3)) return;
    if (d.chance(0.2)) {
      s.act('decline', 'foreign', s.reason('Insufficient evidence'));
      return;
    }
    s.act('open_prosecution', 'foreign');
    if (d.chance(0.6)) s.act('record_judgment', 'foreign', s.reason('Convicted'));
    return;
  }
  if (scenario === 'refused' && d.chance(0.5)) {
    s.act('refuse', 'foreign', {
      grounds: ['political offence'],
      ...s.reason('Political offence exception'),
    });
    s.lateCreate(0.2);
    return;
  }
  s.act('grant', 'foreign');
  if (phase.amparoWindow) {
    // The amparo window runs; an amparo filed and dismissed leads to surrender (LEI art. 33).
    if (scenario === 'judicial_pending' && d.chance(0.5)) return;
    s.act('file_appeal', 'foreign', { remedy: 'amparo' });
    if (scenario === 'refused') {
      s.act('resolve_appeal', 'foreign', { result: 'upheld', ...s.reason('Amparo granted') });
      return;
    }
    s.act('resolve_appeal', 'foreign', { result: 'dismissed', ...s.reason('Amparo denied') });
  } else if (scenario === 'refused') {
    s.act('file_appeal', 'foreign', { remedy: d.pick(['habeas_corpus', 'appeal']) });
    s.act('resolve_appeal', 'foreign', { result: 'upheld', ...s.reason('Appeal upheld') });
    return;
  }
  if (scenario === 'judicial_pending') return;
  return surrender(s, requestingState, requestedState, epoch, scenario);
}

// From surrender_pending: deferral (with a temporary surrender between the US and MX), the
// surrender itself, specialty monitoring and closure; withdrawal or death somewhere after transmission.
function surrender(
  s: Script,
  requesting: string,
  requested: string,
  epoch: number,
  scenario: Scenario,
): void {
  const { d, index } = s;
  if (scenario === 'deferred') {
    s.act('defer_surrender', 'foreign', s.reason('Serving a local sentence'));
    if ([requesting, requested].sort().join('-') === 'MX-US') {
      s.act('temporary_surrender', 'foreign', { returnDueAt: new Date(epoch + 200 * DAY).toISOString() });
      if (d.chance(0.3)) return;
      s.act('record_return', 'foreign');
    }
    s.act('resume_surrender', 'foreign');
  }
  s.act('record_surrender', 'foreign', {
    surrenderedAt: new Date(epoch - DAY).toISOString(),
    place: `Airport ${index % 5}`,
    escorts: ['Marshals'],
  });
  s.act('close', 'central');
  return;
}

/** Withdrawal or death at a random point after transmission (withdrawal also before it). */
function endEarly(s: Script, scenario: ExtraditionScenario, transmittedAt: number): void {
  if (scenario === 'withdrawn') {
    s.cutAfter(1, () => {
      const approved = s.steps.some((x) => x.op === 'act' && x.action === 'approve');
      s.act(
        'withdraw',
        approved && s.d.chance(0.5) ? 'central' : 'prosecutor',
        s.reason('The investigation was closed'),
      );
      s.lateCreate(0.3);
    });
  } else {
    s.cutAfter(transmittedAt, () => s.act('record_death', 'foreign', s.reason('Death certificate received')));
  }
  return;
}

const ROLE_OF: Record<Who, Actor['roles'][number]> = {
  prosecutor: 'prosecutor',
  central: 'central_authority',
  supervisor: 'supervisor',
  foreign: 'central_authority',
  foreignSupervisor: 'supervisor',
};

/**
 * Walks a script through its kind's machine (and, after `follow_link`, the art. 4 machine), as
 * the workflow will judge it: every action must be allowed to its actor in the stage the case is
 * then in, with the input it needs. The rules are taken as needing no translation (the drafts
 * provide both languages); a step that waits for a stage takes the case there. Throws on the
 * first step the machine would refuse, so a script the platform could never play fails at once.
 */
export function checkScript(plan: CasePlan): void {
  let machine = machineFor(plan.kind);
  const draft = plan.steps.reduce<DraftBody>(
    (d, step) => (step.op === 'edit' ? { ...d, ...step.draft } : d),
    plan.createDraft,
  );
  let snapshot = { stage: 'draft', facts: {}, draft, translationRequired: false } as unknown as CaseSnapshot;
  let internalReview = plan.internalReview;
  for (const [i, step] of plan.steps.entries()) {
    const fail = (why: string) => {
      throw new Error(`storm plan: case #${plan.index} (${plan.kind} ${plan.scenario}) step #${i}: ${why}`);
    };
    if (step.op === 'await_stage') snapshot = { ...snapshot, stage: step.stage };
    if (step.op === 'follow_link') {
      // The art. 4 case a refusal opens goes without internal review (case.workflow.ts).
      machine = machineFor('foreign_prosecution');
      snapshot = { ...snapshot, stage: 'draft', facts: {} };
      internalReview = false;
    }
    if (step.op === 'edit' && snapshot.stage !== 'draft') fail(`draft edited in stage ${snapshot.stage}`);
    if (step.op !== 'act' || (step.onlyInStage && step.onlyInStage !== snapshot.stage)) continue;
    const side = step.who.startsWith('foreign') ? plan.requestedState : plan.requestingState;
    const actor: Actor = {
      userId: step.who,
      roles: [ROLE_OF[step.who]],
      authorityId: null,
      jurisdiction: side,
    };
    const ctx = {
      snapshot,
      requestingState: plan.requestingState,
      requestedState: plan.requestedState,
      internalReview,
    };
    const input = { action: step.action, actor, ...step.body };
    const refusal = refusalIn(machine, input, ctx);
    if (refusal) fail(refusal.message);
    const spec = machine.actions[step.action];
    const stage = typeof spec.to === 'string' ? spec.to : spec.to(ctx, input as never);
    snapshot = { ...snapshot, ...(spec.effect?.(ctx, input as never).changes ?? {}), stage };
  }
  if (plan.steps.some((x) => x.op === 'late_create') && snapshot.stage !== CLOSED_STAGE)
    throw new Error(`storm plan: case #${plan.index} creates again before it is closed`);
}

/**
 * The storm's cases: even indexes MLA, odd ones extradition. `epoch` is the instant the
 * extradition scripts count their dates from (the plan is made once for both runs).
 */
export function stormPlan(seed: number, cases: number, epoch: number): CasePlan[] {
  return Array.from({ length: cases }, (_, index) => {
    const s = new Script(index, dice(seed * 1009 + index));
    const reference = `STORM-${seed}-${String(index).padStart(4, '0')}`;
    const kind: StormKind = index % 2 === 0 ? 'mla' : 'extradition';
    const written = kind === 'mla' ? mlaScript(s, reference) : extraditionScript(s, reference, epoch);
    const plan = { index, idempotencyKey: reference, ...written };
    checkScript(plan);
    return plan;
  });
}

/** Steps that change a case (everything but the late create), for the progress count. */
export function countSteps(plans: CasePlan[]): number {
  return plans.reduce((n, p) => n + p.steps.length, 0);
}
