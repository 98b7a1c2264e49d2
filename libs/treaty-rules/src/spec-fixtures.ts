import { buildRulesIndex } from './rules-index';
import { loadBundledRulesData } from './load-bundled-data';
import type { DraftRequest, RulesData } from './types';

// Shared by the specs: one index over the bundled data, and a draft factory with sensible fields.
export const bundledData: RulesData = loadBundledRulesData();
export const bundledIndex = buildRulesIndex(bundledData);

export const STATES = ['MX', 'US', 'GT', 'HN', 'SV'] as const;
export const ORDERED_PAIRS = STATES.flatMap((a) => STATES.filter((b) => b !== a).map((b) => [a, b] as const));

export function draft(overrides: Partial<DraftRequest> & Pick<DraftRequest, 'requestingState' | 'requestedState'>): DraftRequest {
  return {
    kind: 'extradition',
    date: '2025-06-01',
    offences: [{ code: 'FRAUD-1', description: 'Wire fraud', maxPenaltyYears: 20 }],
    ...overrides,
  };
}

export function cloneData(): RulesData {
  return structuredClone(bundledData);
}
