export * from './holder-classes';
export * from './legal-clocks';
export * from './stage-rollup';
