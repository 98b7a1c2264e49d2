import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@comity/auth';
import { RulesDataStore } from '@comity/rules-store';
import { caseDraftRequest, evaluateDraft } from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';
import { currentIndex } from '../rules/rules-index';
import { ContentIntake } from './content-intake';
import { DOCUMENT_RULES, DocumentAccess } from './document-access';
import { DocumentQueries } from './document-queries';
import type { DocumentView } from './document-view';
import { DocumentsService } from './documents.service';
import { buildLetter, letterLanguages, type LetterModel } from './letter/letter-model';
import { letterDocx } from './letter/letter-docx';
import { letterPdf } from './letter/letter-pdf';
import { LETTER_TEXTS, type LetterLanguage } from './letter/letter-texts';

const LETTER_TITLE: Record<LetterLanguage, string> = { es: 'Carta de solicitud', en: 'Request letter' };

// The request letter: one document of kind "letter" per case, each generation a new version
// whose PDF is stored (and hashed, and audited) and whose letter model is kept with it, so its
// DOCX can be rendered again for the central authority to finish in a word processor.
@Injectable()
export class LettersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: DocumentAccess,
    private readonly documents: DocumentsService,
    private readonly queries: DocumentQueries,
    private readonly intake: ContentIntake,
    private readonly rules: RulesDataStore,
  ) {}

  async generate(user: AuthUser, caseId: string, language?: LetterLanguage): Promise<DocumentView> {
    const caller = await this.access.writer(user, caseId, 'document.generate', DOCUMENT_RULES.letter);
    const [row]: { kind: 'mla' | 'extradition'; draft: Record<string, unknown> | null }[] = await this.dataSource.query(
      `SELECT kind, draft FROM cases WHERE id = $1`,
      [caseId],
    );
    const [contact]: { name: string; email: string | null; authority: string }[] = await this.dataSource.query(
      `SELECT u.display_name AS name, u.email, a.name AS authority FROM users u JOIN authorities a ON a.id = u.authority_id WHERE u.id = $1`,
      [user.id],
    );
    const index = await currentIndex(this.rules);
    const now = new Date();
    const draft = row.draft ?? {};
    const evaluation = evaluateDraft(
      caseDraftRequest(row.kind, caller.facts.requestingState, caller.facts.requestedState, draft),
      index,
      now,
    );
    const accepted = letterLanguages(evaluation);
    const chosen = language ?? accepted[0] ?? 'en';
    if (language && !accepted.includes(language)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Validation failed', `language: the requested state reads ${accepted.join(', ')}`, [
        { field: 'language', messages: [`must be one of ${accepted.join(', ')}`] },
      ]);
    }
    const existing = (await this.queries.list(caseId, caller.side)).find((d) => d.kind === 'letter' && d.side === caller.side);
    const documentId = existing?.id ?? randomUUID();
    const version = (existing?.currentVersion ?? 0) + 1;
    const letter = buildLetter({
      caseId,
      version,
      date: now.toISOString().slice(0, 10),
      kind: row.kind,
      requestingState: caller.facts.requestingState,
      requestedState: caller.facts.requestedState,
      draft,
      evaluation,
      index,
      language: chosen,
      contact: { authority: contact?.authority ?? LETTER_TEXTS[chosen].centralAuthority, officer: contact?.name ?? user.id, email: contact?.email ?? null },
    });
    const content = await this.intake.fromBuffer(await letterPdf(letter));
    await this.dataSource.transaction(async (em) => {
      if (!existing) {
        await em.query(
          `INSERT INTO documents (id, case_id, kind, title, language, side, shared, created_by, created_at, current_version)
           VALUES ($1, $2, 'letter', $3, $4, $5, false, $6, now(), 0)`,
          [documentId, caseId, LETTER_TITLE[chosen], chosen, caller.side, user.id],
        );
      } else {
        await em.query(`UPDATE documents SET language = $2, title = $3 WHERE id = $1`, [documentId, chosen, LETTER_TITLE[chosen]]);
      }
      await this.documents.appendVersion(em, caller, {
        documentId,
        content,
        fileName: `letter-v${version}.pdf`,
        letter,
        action: 'document.generate',
      });
    });
    return (await this.queries.get(caseId, caller.side, documentId))!;
  }

  /** The DOCX of a generated letter version, rendered from the letter model kept with it. */
  async docx(user: AuthUser, caseId: string, documentId: string, version?: number): Promise<{ data: Buffer; fileName: string }> {
    const caller = await this.access.reader(user, caseId, 'document.download');
    const doc = await this.documents.ownDocument(caller, documentId, 'letter');
    const v = version ?? doc.currentVersion;
    const [row]: { letter: LetterModel | null; sha: string }[] = await this.dataSource.query(
      `SELECT letter, encode(sha256, 'hex') AS sha FROM document_versions WHERE document_id = $1 AND version = $2`,
      [documentId, v],
    );
    if (!row?.letter) throw new ProblemException(HttpStatus.NOT_FOUND, 'No generated letter', 'this version was not generated by Comity');
    await this.documents.recordRead(caller, 'document.download', { documentId, version: v, sha256: row.sha, rendition: 'docx' });
    return { data: await letterDocx(row.letter), fileName: `letter-${documentId}-v${v}.docx` };
  }
}
