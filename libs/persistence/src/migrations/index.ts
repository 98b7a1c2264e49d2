import { CreateCases1764270000000 } from './1764270000000-CreateCases';
import { CaseReadModel1764280000000 } from './1764280000000-CaseReadModel';

// Every migration, in order. New migrations are appended; committed ones are never rewritten.
export const MIGRATIONS = [
  CreateCases1764270000000,
  CaseReadModel1764280000000,
];
