import { Injectable, Optional } from '@nestjs/common';
import { machineFor, type CaseDeadline } from '@comity/contracts';
import { caseDraftRequest, evaluateDraft, type RulesIndex } from '@comity/treaty-rules';
import type {
  CaseActivities,
  DeadlinePlan,
  DeadlinePlanInput,
  SubmissionAssessment,
} from '../../../../workflows/src/case/case.activities';
import { toCaseDeadlines, triggersOf } from './case-rules';
import { DeadlineScale } from './deadline-scale';
import { neededByDeadline } from './priority-deadlines';
import { EvaluationStore } from './evaluation-store';
import { withRedactedDbErrors } from './redact-db-error';

/** Where the current rules come from (the database, so a status change needs no restart). */
export abstract class RulesIndexSource {
  abstract index(): Promise<RulesIndex>;
}

// Rule evaluation runs here, never in workflow code: the data changes while cases run, and a
// replay must see the answer recorded in history, not a new one. Every call names the case's kind
// (MLA when absent: histories from before the kernel).
@Injectable()
export class CaseRulesActivities implements Pick<CaseActivities, 'assessSubmission' | 'planDeadlines' | 'planCaseDeadlines'> {
  constructor(
    private readonly rules: RulesIndexSource,
    private readonly evaluations: EvaluationStore,
    // Normal operation unless a test compresses the periods (COMITY_TEST_DEADLINE_SCALE).
    @Optional() private readonly scale: DeadlineScale = new DeadlineScale(),
  ) {}

  assessSubmission(input: Parameters<CaseActivities['assessSubmission']>[0]): Promise<SubmissionAssessment> {
    return withRedactedDbErrors('assessSubmission', () => this.assess(input));
  }

  // The plan as MLA cases started before the kernel asked for it: one reminder per deadline.
  planDeadlines(input: DeadlinePlanInput): Promise<CaseDeadline[]> {
    return withRedactedDbErrors('planDeadlines', async () => (await this.plan(input, false)).deadlines);
  }

  planCaseDeadlines(input: DeadlinePlanInput): Promise<DeadlinePlan> {
    return withRedactedDbErrors('planCaseDeadlines', () => this.plan(input, true));
  }

  private async assess(input: Parameters<CaseActivities['assessSubmission']>[0]): Promise<SubmissionAssessment> {
    const evaluation = evaluateDraft(
      caseDraftRequest(input.kind ?? 'mla', input.requestingState, input.requestedState, input.draft),
      await this.rules.index(),
      input.at,
    );
    // Only what confirmed law makes mandatory (and unusable input) stops a submission; the house
    // checklist and law below [C] stay checklist items on the kept evaluation.
    const missing = evaluation.completeness.missing
      .filter((m) => m.blocking)
      .map((m) => ({ field: m.field, reason: m.article ? `${m.reason} (${m.article})` : m.reason }));
    // Kept only for complete drafts: it is what the submission stands on.
    const evaluationId =
      missing.length === 0 ? await this.evaluations.keep(input.caseId, evaluation) : undefined;
    return {
      ...(evaluationId ? { evaluationId } : {}),
      complete: missing.length === 0,
      missing,
      translationRequired: evaluation.language.translationNeeded,
      channel: evaluation.chosenBasis?.channel?.mode ?? 'diplomatic',
      basisId: evaluation.chosenBasis?.instrumentId ?? null,
      // Rule ids only: the reasons are shown by the rules API, and ids keep history small.
      warnings: evaluation.warnings.map((w) => w.ruleId),
    };
  }

  private async plan(input: DeadlinePlanInput, alerts: boolean): Promise<DeadlinePlan> {
    return this.scale.apply(await this.rulesPlan(input, alerts), input.at);
  }

  private async rulesPlan(input: DeadlinePlanInput, alerts: boolean): Promise<DeadlinePlan> {
    const machine = machineFor(input.kind);
    // neededBy runs from the first stage it is known in (the workflow keeps the first one planned).
    const neededBy = neededByDeadline(input.draft, machine.stages);
    const triggers = triggersOf(machine, input.stage);
    if (triggers.length === 0) return { deadlines: neededBy, unconfirmed: [] };
    const events = Object.fromEntries(triggers.map((t) => [t, input.events?.[t] ?? input.at]));
    const draft = { ...input.draft, ...(input.basisId ? { basisId: input.basisId } : {}) };
    const index = await this.rules.index();
    const evaluation = evaluateDraft(
      caseDraftRequest(input.kind ?? 'mla', input.requestingState, input.requestedState, draft, events),
      index,
      input.at,
    );
    const planned = toCaseDeadlines(machine, input.stage, evaluation.deadlines, alerts);
    return {
      deadlines: [...planned.deadlines, ...neededBy],
      unconfirmed: planned.unconfirmed,
    };
  }
}
