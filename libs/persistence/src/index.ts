export * from './entities';
export * from './data-source-options';
export * from './ensure-database';
export * from './migrate';
export * from './persistence.module';
export * from './sql';
export * from './read-model';
