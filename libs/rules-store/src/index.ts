export * from './rules-documents';
export * from './load-rules-documents';
export * from './status-changes';
export * from './authority-policies';
export * from './rules-data-store';
export * from './rules-store.module';
