export const CASE_KINDS = ['mla', 'extradition'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
