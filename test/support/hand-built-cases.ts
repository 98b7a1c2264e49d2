import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CaseDeadline, CaseStage, CaseTransition, DeadlineEvent, Holder, MlaStage } from '../../libs/contracts/src';
import { machineFor, visibilityOf } from '../../libs/contracts/src';
import type { CaseProjectionActivities } from '../../apps/worker/src/activities/case-projection.activities';
import { projectionActivities } from './projection';

// Cases with a history at chosen instants, written through the worker's real projection (so the
// delay accounting, rollup and notifications are the ones production writes), for reports and
// queues whose answers are known by hand.

export interface HandCase {
  id: string;
  reference: string;
}

interface CaseSpec {
  /** MLA when absent. */
  kind?: 'mla' | 'extradition';
  requestingState: string;
  requestedState: string;
  officeId: string;
  reference: string;
  urgent?: boolean;
  neededBy?: string;
}

// Who holds each stage, as the workflow says: MLA's historic workflow (workflows/src/mla-request
// holderFor), other kinds the kernel's rule from their machine (workflows/src/case holderFor).
function holderOf(stage: CaseStage, spec: CaseSpec): Holder {
  if (spec.kind && spec.kind !== 'mla') {
    const rule = machineFor(spec.kind).holders[stage] ?? { role: 'prosecutor', side: 'requesting', office: true };
    return {
      role: rule.role,
      side: rule.side,
      jurisdiction: rule.side === 'requesting' ? spec.requestingState : spec.requestedState,
      authorityId: rule.office ? spec.officeId : null,
    };
  }
  switch (stage as MlaStage) {
    case 'central_authority_review':
    case 'translation':
    case 'ready_to_transmit':
      return { role: 'central_authority', side: 'requesting', jurisdiction: spec.requestingState, authorityId: null };
    case 'transmitted':
    case 'acknowledged':
    case 'under_execution':
      return { role: 'central_authority', side: 'requested', jurisdiction: spec.requestedState, authorityId: null };
    default:
      return { role: 'prosecutor', side: 'requesting', jurisdiction: spec.requestingState, authorityId: spec.officeId };
  }
}

const ACTION_SIDE: Record<string, 'requesting' | 'requested'> = {
  acknowledge: 'requested',
  begin_execution: 'requested',
  request_supplementary_information: 'requested',
  record_partial_response: 'requested',
  record_final_response: 'requested',
  refuse: 'requested',
};

export function deadline(key: string, dueAt: string, over: Partial<CaseDeadline> = {}): CaseDeadline {
  return {
    key,
    label: key,
    dueAt,
    remindAt: null,
    onBreach: 'escalate',
    activeInStages: ['central_authority_review'],
    pausedInStages: [],
    source: 'test',
    confidence: 'default',
    status: 'pending',
    remainingMs: null,
    visibility: 'shared',
    ...over,
  };
}

/** One case, moved through stages at the instants given. */
export class CaseScript {
  readonly id = randomUUID();
  private seq = 0;
  private stage: CaseStage | null = null;

  constructor(
    private readonly projection: CaseProjectionActivities,
    private readonly spec: CaseSpec,
    private readonly createdBy: string,
  ) {}

  get reference(): string {
    return this.spec.reference;
  }

  async step(action: string, toStage: CaseStage, at: string, deadlines: CaseDeadline[] = [], outcome: CaseTransition['outcome'] = null) {
    const t: CaseTransition = {
      ...(this.spec.kind ? { kind: this.spec.kind } : {}),
      caseId: this.id,
      seq: this.seq,
      requestingState: this.spec.requestingState,
      requestedState: this.spec.requestedState,
      requestingAuthorityId: this.spec.officeId,
      createdBy: this.createdBy,
      fromStage: this.stage,
      toStage,
      outcome,
      action,
      actorId: this.createdBy,
      reason: null,
      holder: holderOf(toStage, this.spec),
      deadlines,
      draft: {
        reference: this.spec.reference,
        ...(this.spec.urgent ? { urgent: true } : {}),
        ...(this.spec.neededBy ? { neededBy: this.spec.neededBy } : {}),
      },
      details: {},
      visibility: action === 'create' ? 'requesting' : visibilityOf(action, ACTION_SIDE[action] ?? 'requesting', this.spec.kind),
      at,
    };
    await this.projection.projectTransition(t);
    this.seq += 1;
    this.stage = toStage;
    return this;
  }

  /** The breach of a deadline, as the workflow records it. */
  async breach(key: string, dueAt: string, at: string) {
    const e: DeadlineEvent = {
      caseId: this.id,
      eventId: `${key}:${dueAt}:escalation`,
      deadlineKey: key,
      kind: 'escalation',
      dueAt,
      holder: holderOf(this.stage!, this.spec),
      at,
      visibility: 'shared',
    };
    await this.projection.recordDeadlineEvent(e);
    return this;
  }
}

export function caseScripts(ds: DataSource, createdBy: string) {
  const projection = projectionActivities(ds);
  return (spec: CaseSpec) => new CaseScript(projection, spec, createdBy);
}
