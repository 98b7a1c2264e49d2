export * from './jurisdiction';
export * from './case-kind';
export * from './domain-error';
export * from './text-and-dates';
