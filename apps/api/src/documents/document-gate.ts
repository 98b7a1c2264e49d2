import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseDraft } from '@comity/contracts';
import { NO_LINGUISTIC_CONTENT, type DocumentKind } from '@comity/documents';
import { RulesDataStore } from '@comity/rules-store';
import { caseDraftRequest, evaluateDraft, type Evaluation, type RulesIndex } from '@comity/treaty-rules';
import type { FieldProblem } from '../common/problem';
import { ProblemException } from '../common/problem';
import { currentIndex } from '../rules/rules-index';

interface CaseRow {
  kind: 'mla' | 'extradition';
  requesting_state: string;
  requested_state: string;
  // requestType: an extradition's draft says whether it is a formal request or a provisional arrest.
  draft: (CaseDraft & { requestType?: string }) | null;
}

// The supporting documents an extradition's contents template asks for (documents.<name>), as
// the documents that carry them: the judgment or warrant itself, the identification record, and
// the formal request (the signed letter), which describes the offence and quotes the law.
const SUPPORTING_KIND: Record<string, DocumentKind> = {
  sentence: 'judgment_or_warrant',
  arrestWarrant: 'judgment_or_warrant',
  identification: 'identification',
  offenceDescription: 'signed_letter',
  penalLaw: 'signed_letter',
  prescriptionRules: 'signed_letter',
};
// Judgments and warrants travel as authenticated or apostilled copies.
const MUST_BE_CERTIFIED: DocumentKind[] = ['judgment_or_warrant'];

// What a case action needs of the case's documents, checked by the api before the action reaches
// the workflow (so a refusal changes nothing):
// - record_translation: every document going to the requested state is in, or has a translation
//   into, a language that state accepts (rules data);
// - an extradition's formal request (transmit of a formal request, transmit_formal_request): the
//   supporting documents its basis lists, shared, judgments and warrants certified.
@Injectable()
export class DocumentGate {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RulesDataStore,
  ) {}

  async checkBeforeAction(caseId: string, action: string): Promise<void> {
    const formal = action === 'transmit_formal_request' || action === 'transmit';
    if (action !== 'record_translation' && !formal) return;
    const [c]: CaseRow[] = await this.dataSource.query(
      `SELECT kind, requesting_state, requested_state, draft FROM cases WHERE id = $1`,
      [caseId],
    );
    if (!c) return;
    if (action === 'record_translation') return refuse('Translations missing', await this.untranslated(caseId, c));
    if (c.kind === 'extradition' && (action === 'transmit_formal_request' || c.draft?.requestType === 'formal')) {
      return refuse('Supporting documents missing', await this.missingSupport(caseId, c));
    }
  }

  private async evaluate(c: CaseRow): Promise<{ evaluation: Evaluation; index: RulesIndex }> {
    const index = await currentIndex(this.rules);
    const draft = caseDraftRequest(c.kind, c.requesting_state, c.requested_state, c.draft ?? {});
    return { evaluation: evaluateDraft(draft, index, new Date()), index };
  }

  private async untranslated(caseId: string, c: CaseRow): Promise<FieldProblem[]> {
    const accepted = (await this.evaluate(c)).evaluation.language.required;
    if (accepted.length === 0) return [];
    const missing: { id: string }[] = await this.dataSource.query(
      `SELECT d.id FROM documents d
       WHERE d.case_id = $1 AND d.side = 'requesting' AND d.shared AND d.kind <> 'translation'
         AND d.language <> $3 AND NOT (d.language = ANY($2::text[]))
         AND NOT EXISTS (SELECT 1 FROM documents t
                         WHERE t.translation_of = d.id AND t.shared AND t.language = ANY($2::text[]))
       ORDER BY d.created_at, d.id`,
      [caseId, accepted, NO_LINGUISTIC_CONTENT],
    );
    const message = `needs a translation into ${accepted.join(' or ')}`;
    return missing.map((d) => ({ field: `documents.${d.id}`, messages: [message] }));
  }

  private async missingSupport(caseId: string, c: CaseRow): Promise<FieldProblem[]> {
    const { evaluation, index } = await this.evaluate(c);
    const basis = evaluation.chosenBasis ? index.instruments.get(evaluation.chosenBasis.instrumentId) : undefined;
    const fields = (basis?.requiredContents ?? [])
      .filter((r) => r.kind === 'extradition')
      .flatMap((r) => r.templates.flatMap((id) => index.templates.get(id)?.items ?? []))
      .flatMap((item) => item.anyOf?.flat() ?? (item.field ? [item.field] : []))
      .filter((f) => f.startsWith('documents.'))
      .map((f) => f.slice('documents.'.length));
    const needed = [...new Set(fields.map((f) => SUPPORTING_KIND[f]).filter(Boolean))];
    const present: { kind: DocumentKind; certified: boolean }[] = await this.dataSource.query(
      `SELECT d.kind, EXISTS (SELECT 1 FROM document_certifications c
                              WHERE c.document_id = d.id AND c.version = d.current_version) AS certified
       FROM documents d WHERE d.case_id = $1 AND d.side = 'requesting' AND d.shared`,
      [caseId],
    );
    return needed.flatMap((kind): FieldProblem[] => {
      const docs = present.filter((d) => d.kind === kind);
      if (docs.length === 0) return [{ field: `documents.${kind}`, messages: [`a shared ${kind} document is required by ${basis!.name}`] }];
      if (MUST_BE_CERTIFIED.includes(kind) && !docs.some((d) => d.certified)) {
        return [{ field: `documents.${kind}`, messages: ['must be an authenticated or apostilled copy (record its certification)'] }];
      }
      return [];
    });
  }
}

function refuse(title: string, problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  throw new ProblemException(
    HttpStatus.UNPROCESSABLE_ENTITY,
    title,
    problems.map((p) => `${p.field}: ${p.messages.join(', ')}`).join('; '),
    problems,
  );
}
