import { CreateCases1764270000000 } from './1764270000000-CreateCases';

// Every migration, in order. New migrations are appended; committed ones are never rewritten.
export const MIGRATIONS = [CreateCases1764270000000];
