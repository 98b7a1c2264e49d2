import type { CaseDeadline, MlaStage, Visibility } from '@comity/contracts';
import type { DeadlineOutput, DeadlineTrigger } from '@comity/treaty-rules';

// How each deadline the rules compute lives in the workflow: which stage starts its clock
// (through the rules' trigger event), where it runs, where it stops, and what its breach does.
interface DeadlineBinding {
  trigger: DeadlineTrigger;
  activeInStages: MlaStage[];
  pausedInStages: MlaStage[];
  onBreach: CaseDeadline['onBreach'];
  visibility: Visibility;
}

const AFTER_TRANSMISSION: MlaStage[] = ['transmitted', 'acknowledged', 'under_execution'];

export const DEADLINE_BINDINGS: Record<string, DeadlineBinding> = {
  'central-authority-review': {
    trigger: 'request-submitted',
    activeInStages: ['central_authority_review'],
    pausedInStages: [],
    onBreach: 'escalate',
    // The requesting side's own review period: the requested state never sees it.
    visibility: 'requesting',
  },
  'acknowledgement-escalation': {
    trigger: 'request-transmitted',
    activeInStages: ['transmitted'],
    pausedInStages: [],
    onBreach: 'escalate',
    visibility: 'shared',
  },
  'execution-target': {
    trigger: 'request-transmitted',
    activeInStages: AFTER_TRANSMISSION,
    pausedInStages: ['supplementary_information'],
    onBreach: 'escalate',
    visibility: 'shared',
  },
  'supplementary-information': {
    trigger: 'supplementary-information-requested',
    activeInStages: ['supplementary_information'],
    pausedInStages: [],
    onBreach: 'escalate',
    visibility: 'shared',
  },
  'supplementary-information-lapse': {
    trigger: 'supplementary-information-requested',
    activeInStages: ['supplementary_information'],
    pausedInStages: [],
    onBreach: 'lapse',
    visibility: 'shared',
  },
};

// The rules event a stage's entry stands for.
const STAGE_TRIGGERS: Partial<Record<MlaStage, DeadlineTrigger>> = {
  central_authority_review: 'request-submitted',
  transmitted: 'request-transmitted',
  supplementary_information: 'supplementary-information-requested',
};

export function triggerOf(stage: MlaStage): DeadlineTrigger | undefined {
  return STAGE_TRIGGERS[stage];
}

/** The workflow deadlines a stage's entry starts, from the rules' computed due instants. */
export function toCaseDeadlines(stage: MlaStage, outputs: DeadlineOutput[]): CaseDeadline[] {
  const trigger = STAGE_TRIGGERS[stage];
  return outputs.flatMap((d) => {
    const binding = DEADLINE_BINDINGS[d.step];
    if (!binding || binding.trigger !== trigger || d.trigger !== trigger || !d.dueAt) return [];
    // The earliest alert is the reminder: the workflow keeps one per deadline.
    const remindAt = d.alerts?.length ? d.alerts.map((a) => a.at).sort()[0] : null;
    return [
      {
        key: d.step,
        label: d.text,
        dueAt: d.dueAt,
        remindAt,
        onBreach: binding.onBreach,
        activeInStages: binding.activeInStages,
        pausedInStages: binding.pausedInStages,
        source: d.article ? `${d.source} (${d.article})` : d.source,
        confidence: d.confidence,
        status: 'pending',
        remainingMs: null,
        visibility: binding.visibility,
      },
    ];
  });
}
