import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NO_LINGUISTIC_CONTENT } from '@comity/documents';
import { RulesDataStore } from '@comity/rules-store';
import { caseDraftRequest, evaluateDraft } from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';
import { currentIndex } from '../rules/rules-index';

export interface UntranslatedDocument {
  documentId: string;
  title: string;
  language: string;
}

// What a case action needs of its documents, checked by the api before the action reaches the
// workflow: the translation stage completes only when every document going to the requested
// state is in, or has a translation into, a language that state accepts (rules data).
@Injectable()
export class DocumentGate {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RulesDataStore,
  ) {}

  async checkBeforeAction(caseId: string, action: string): Promise<void> {
    if (action !== 'record_translation') return;
    const { accepted, missing } = await this.untranslated(caseId);
    if (missing.length === 0) return;
    const message = `needs a translation into ${accepted.join(' or ')}`;
    throw new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'Translations missing',
      missing.map((d) => `${d.title} (${d.language}) ${message}`).join('; '),
      missing.map((d) => ({ field: `documents.${d.documentId}`, messages: [message] })),
    );
  }

  /** The requested state's accepted languages, and the requesting side's shared documents in none of them without a translation. */
  async untranslated(caseId: string): Promise<{ accepted: string[]; missing: UntranslatedDocument[] }> {
    const [c]: { kind: 'mla' | 'extradition'; requesting_state: string; requested_state: string; draft: object | null }[] =
      await this.dataSource.query(`SELECT kind, requesting_state, requested_state, draft FROM cases WHERE id = $1`, [caseId]);
    const evaluation = evaluateDraft(
      caseDraftRequest(c.kind, c.requesting_state, c.requested_state, c.draft ?? {}),
      await currentIndex(this.rules),
      new Date(),
    );
    const accepted = evaluation.language.required;
    if (accepted.length === 0) return { accepted, missing: [] };
    const missing: { id: string; title: string; language: string }[] = await this.dataSource.query(
      `SELECT d.id, d.title, d.language FROM documents d
       WHERE d.case_id = $1 AND d.side = 'requesting' AND d.shared AND d.kind <> 'translation'
         AND d.language <> $3 AND NOT (d.language = ANY($2::text[]))
         AND NOT EXISTS (SELECT 1 FROM documents t
                         WHERE t.translation_of = d.id AND t.shared AND t.language = ANY($2::text[]))
       ORDER BY d.created_at, d.id`,
      [caseId, accepted, NO_LINGUISTIC_CONTENT],
    );
    return { accepted, missing: missing.map((d) => ({ documentId: d.id, title: d.title, language: d.language })) };
  }
}
