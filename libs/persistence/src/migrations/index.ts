import { CreateCases1764270000000 } from './1764270000000-CreateCases';
import { CaseReadModel1764280000000 } from './1764280000000-CaseReadModel';
import { MlaLifecycle1764285000000 } from './1764285000000-MlaLifecycle';
import { CaseReferenceNotUnique1764286000000 } from './1764286000000-CaseReferenceNotUnique';
import { Identity1764290000000 } from './1764290000000-Identity';
import { Audit1764291000000 } from './1764291000000-Audit';
import { RulesData1764300000000 } from './1764300000000-RulesData';
import { AuditChainHeads1764310000000 } from './1764310000000-AuditChainHeads';
import { CaseRequestHash1764320000000 } from './1764320000000-CaseRequestHash';
import { Visibility1764330000000 } from './1764330000000-Visibility';
import { CaseEvaluations1764340000000 } from './1764340000000-CaseEvaluations';
import { CaseKernel1764400000000 } from './1764400000000-CaseKernel';
import { WorkQueues1764410000000 } from './1764410000000-WorkQueues';
import { QueueCoveringAndPairRollup1764410000001 } from './1764410000001-QueueCoveringAndPairRollup';
import { StageDurationHistograms1764410000002 } from './1764410000002-StageDurationHistograms';
import { Documents1764420000000 } from './1764420000000-Documents';
import { AuthorityPolicies1764430000000 } from './1764430000000-AuthorityPolicies';
import { QueueCounts1764440000000 } from './1764440000000-QueueCounts';
import { DeadlineEndedBy1764440000001 } from './1764440000001-DeadlineEndedBy';
import { WebhookSecretsSealed1764440000002 } from './1764440000002-WebhookSecretsSealed';
import { DeadlineUnit1764450000000 } from './1764450000000-DeadlineUnit';

// Every migration, in timestamp order (TypeORM runs them so). New migrations are appended;
// committed ones are never rewritten.
export const MIGRATIONS = [
  CreateCases1764270000000,
  CaseReadModel1764280000000,
  MlaLifecycle1764285000000,
  CaseReferenceNotUnique1764286000000,
  Identity1764290000000,
  Audit1764291000000,
  RulesData1764300000000,
  AuditChainHeads1764310000000,
  CaseRequestHash1764320000000,
  Visibility1764330000000,
  CaseEvaluations1764340000000,
  CaseKernel1764400000000,
  WorkQueues1764410000000,
  QueueCoveringAndPairRollup1764410000001,
  StageDurationHistograms1764410000002,
  Documents1764420000000,
  AuthorityPolicies1764430000000,
  QueueCounts1764440000000,
  DeadlineEndedBy1764440000001,
  WebhookSecretsSealed1764440000002,
  DeadlineUnit1764450000000,
];
