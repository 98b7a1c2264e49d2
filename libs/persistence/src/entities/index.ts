import { CaseStepEntity } from './case-step.entity';
import { CaseEntity } from './case.entity';
import { ApiTokenEntity } from './api-token.entity';
import { AuditRecordEntity } from './audit-record.entity';
import { AuthSessionEntity, RefreshTokenEntity } from './auth-session.entity';
import { AuthorityEntity } from './authority.entity';
import { UserEntity } from './user.entity';

export { CaseEntity, CaseStepEntity };
export {
  ApiTokenEntity,
  AuditRecordEntity,
  AuthSessionEntity,
  AuthorityEntity,
  RefreshTokenEntity,
  UserEntity,
};
export { AUTHORITY_KINDS, type AuthorityKind } from './authority.entity';
export type { UserKind } from './user.entity';
export type { AuditOutcome } from './audit-record.entity';
export const ENTITIES = [
  CaseEntity,
  CaseStepEntity,
  AuthorityEntity,
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  ApiTokenEntity,
  AuditRecordEntity,
];
