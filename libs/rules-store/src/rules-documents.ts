import type { RulesData } from '@comity/treaty-rules';

// One row of rules_documents per data file; the names are the files' base names in
// libs/treaty-rules/data, the keys those of RulesData.
export const RULES_DOCUMENTS = {
  jurisdictions: 'jurisdictions',
  authorities: 'authorities',
  instruments: 'instruments',
  holidays: 'holidays-corrections',
} as const satisfies Record<keyof RulesData, string>;

export type RulesDocumentName = (typeof RULES_DOCUMENTS)[keyof RulesData];

const KEYS = Object.keys(RULES_DOCUMENTS) as (keyof RulesData)[];

export interface RulesDocument {
  name: RulesDocumentName;
  version: string;
  content: RulesData[keyof RulesData];
}

export function toRulesDocuments(data: RulesData): RulesDocument[] {
  return KEYS.map((key) => ({ name: RULES_DOCUMENTS[key], version: data[key].version, content: data[key] }));
}

// The unparsed input for parseRulesData, or the names of the documents that are missing.
export function fromRulesDocuments(
  byName: ReadonlyMap<string, unknown>,
): { ok: true; raw: Record<keyof RulesData, unknown> } | { ok: false; missing: RulesDocumentName[] } {
  const missing = KEYS.map((k) => RULES_DOCUMENTS[k]).filter((name) => !byName.has(name));
  if (missing.length) return { ok: false, missing };
  return {
    ok: true,
    raw: Object.fromEntries(KEYS.map((k) => [k, byName.get(RULES_DOCUMENTS[k])])) as Record<
      keyof RulesData,
      unknown
    >,
  };
}
