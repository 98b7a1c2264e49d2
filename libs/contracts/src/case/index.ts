export * from './case.types';
export * from './case-draft';
export * from './case.actions';
export * from './case.messages';
export * from './case.errors';
