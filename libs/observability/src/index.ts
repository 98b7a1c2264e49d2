export * from './probes';
export * from './ops-server';
export * from './metrics';
export * from './http-metrics';
export * from './tracing';
