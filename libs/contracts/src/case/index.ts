export * from './case.types';
export * from './case.actions';
export * from './case.messages';
export * from './case.errors';
