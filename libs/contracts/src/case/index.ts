export * from './case.types';
export * from './case-draft';
export * from './case-machine';
export * from './case.actions';
export * from '../machines';
export * from './case.messages';
export * from './case.errors';
