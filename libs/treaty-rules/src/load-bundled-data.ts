import authorities from '../data/authorities.json';
import holidays from '../data/holidays-corrections.json';
import instruments from '../data/instruments.json';
import jurisdictions from '../data/jurisdictions.json';
import { parseRulesData } from './parse-rules-data';
import type { RulesData } from './types';

// The JSON files shipped in the repository: the seed for the database copy an administrator edits,
// and the data set tests and benchmarks run against.
export function loadBundledRulesData(): RulesData {
  const result = parseRulesData({ jurisdictions, authorities, instruments, holidays });
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error');
    throw new Error(`Bundled treaty-rules data is invalid:\n${errors.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  }
  return result.data;
}
