export const CASE_KINDS = ['mla', 'extradition', 'foreign_prosecution'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
