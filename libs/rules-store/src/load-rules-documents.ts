import type { DataSource } from 'typeorm';
import { loadBundledRulesData, type RulesData } from '@comity/treaty-rules';
import { toRulesDocuments, type RulesDocumentName } from './rules-documents';

export interface LoadRulesResult {
  /** Documents written because the stored version differed (or none was stored). */
  loaded: { name: RulesDocumentName; previousVersion: string | null; version: string }[];
  unchanged: RulesDocumentName[];
}

// Idempotent: a document is replaced only when its version differs from the stored one, so a
// restart with the same files writes nothing (and invalidates no cache). Administrators' status
// changes live in their own table and survive a reload.
export async function loadRulesDocuments(
  dataSource: DataSource,
  data: RulesData = loadBundledRulesData(),
): Promise<LoadRulesResult> {
  return dataSource.transaction(async (em) => {
    const result: LoadRulesResult = { loaded: [], unchanged: [] };
    for (const doc of toRulesDocuments(data)) {
      const rows: { previous_version: string | null }[] = await em.query(
        `WITH previous AS (SELECT version FROM rules_documents WHERE name = $1)
         INSERT INTO rules_documents (name, version, content) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET version = excluded.version, content = excluded.content, loaded_at = now()
           WHERE rules_documents.version IS DISTINCT FROM excluded.version
         RETURNING (SELECT version FROM previous) AS previous_version`,
        [doc.name, doc.version, JSON.stringify(doc.content)],
      );
      if (rows.length)
        result.loaded.push({
          name: doc.name,
          previousVersion: rows[0].previous_version,
          version: doc.version,
        });
      else result.unchanged.push(doc.name);
    }
    return result;
  });
}

export function formatLoadRulesResult(result: LoadRulesResult): string {
  const lines = result.loaded.map(
    (l) =>
      `Loaded rules document ${l.name}@${l.version}${l.previousVersion ? ` (was ${l.previousVersion})` : ''}`,
  );
  if (result.unchanged.length) lines.push(`Rules documents up to date: ${result.unchanged.join(', ')}`);
  return lines.join('\n');
}
