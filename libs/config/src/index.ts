export * from './environment';
export * from './validate-env';
export * from './config';
export * from './logger';
export * from './payload-keys';
export * from './private-file';
export * from './documents-config';
export * from './notifications-config';
