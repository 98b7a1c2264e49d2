import { Injectable } from '@nestjs/common';
import type { CaseDeadline } from '@comity/contracts';
import { caseDraftRequest, evaluateDraft, type RulesIndex } from '@comity/treaty-rules';
import type {
  DeadlinePlanInput,
  MlaActivities,
  SubmissionAssessment,
} from '../../../../workflows/src/mla-request/mla-request.activities';
import { toCaseDeadlines, triggerOf } from './case-rules';
import { neededByDeadline, shortenForUrgency } from './priority-deadlines';
import { EvaluationStore } from './evaluation-store';
import { withRedactedDbErrors } from './redact-db-error';

/** Where the current rules come from (the database, so a status change needs no restart). */
export abstract class RulesIndexSource {
  abstract index(): Promise<RulesIndex>;
}

// Rule evaluation runs here, never in workflow code: the data changes while cases run, and a
// replay must see the answer recorded in history, not a new one.
@Injectable()
export class CaseRulesActivities implements Pick<MlaActivities, 'assessSubmission' | 'planDeadlines'> {
  constructor(
    private readonly rules: RulesIndexSource,
    private readonly evaluations: EvaluationStore,
  ) {}

  assessSubmission(input: Parameters<MlaActivities['assessSubmission']>[0]): Promise<SubmissionAssessment> {
    return withRedactedDbErrors('assessSubmission', () => this.assess(input));
  }

  planDeadlines(input: DeadlinePlanInput): Promise<CaseDeadline[]> {
    return withRedactedDbErrors('planDeadlines', () => this.plan(input));
  }

  private async assess(
    input: Parameters<MlaActivities['assessSubmission']>[0],
  ): Promise<SubmissionAssessment> {
    const evaluation = evaluateDraft(
      caseDraftRequest('mla', input.requestingState, input.requestedState, input.draft),
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

  private async plan(input: DeadlinePlanInput): Promise<CaseDeadline[]> {
    // neededBy runs from the first stage it is known in (the workflow keeps the first one planned).
    const neededBy = neededByDeadline(input.draft);
    const trigger = triggerOf(input.stage);
    if (!trigger) return neededBy;
    const draft = { ...input.draft, ...(input.basisId ? { basisId: input.basisId } : {}) };
    const index = await this.rules.index();
    const evaluation = evaluateDraft(
      caseDraftRequest('mla', input.requestingState, input.requestedState, draft, { [trigger]: input.at }),
      index,
      input.at,
    );
    const planned = toCaseDeadlines(input.stage, evaluation.deadlines);
    return [...shortenForUrgency(planned, input.draft.urgent, input.at, input.requestingState, index.calendars), ...neededBy];
  }
}
