export * from './temporal-client.module';
export * from './case-doctor';
export * from './payload-codec';
export * from './data-converter';
export * from './server-settings';
