export * from './canonical-json';
export {
  chainHash,
  chainKeyOf,
  GENESIS_HASH,
  GLOBAL_CHAIN,
  toPayload,
  type AuditOutcome,
  type AuditPayload,
  type AuditRecordInput,
} from './audit-record';
export * from './audit-writer';
export * from './audit-log';
export * from './audit-reader';
export * from './audit-verifier';
export * from './audit-anchor';
export * from './audit.module';
export { auditWriteSeconds } from './audit-metrics';
