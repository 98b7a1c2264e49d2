export * from './notification-kinds';
export * from './notification-outbox';
export * from './webhook-signature';
export * from './delivery-starter';
export * from './notifications.module';
export * from './webhook-secrets';
