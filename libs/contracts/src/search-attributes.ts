import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Registered on the Temporal server by scripts/temporal-dev-server.sh and the test setup.
// They carry codes only: no personal data ever goes into search attributes.
export const STAGE_SEARCH_ATTRIBUTE = defineSearchAttributeKey('ComityStage', SearchAttributeType.KEYWORD);
export const PAIR_SEARCH_ATTRIBUTE = defineSearchAttributeKey('ComityPair', SearchAttributeType.KEYWORD);
export const KIND_SEARCH_ATTRIBUTE = defineSearchAttributeKey('ComityKind', SearchAttributeType.KEYWORD);
export const OVERDUE_SEARCH_ATTRIBUTE = defineSearchAttributeKey('ComityOverdue', SearchAttributeType.BOOL);

export const COMITY_SEARCH_ATTRIBUTES = [
  STAGE_SEARCH_ATTRIBUTE,
  PAIR_SEARCH_ATTRIBUTE,
  KIND_SEARCH_ATTRIBUTE,
  OVERDUE_SEARCH_ATTRIBUTE,
];
