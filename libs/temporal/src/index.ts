export * from './temporal-client.module';
export * from './case-doctor';
