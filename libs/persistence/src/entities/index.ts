import { CaseStepEntity } from './case-step.entity';
import { CaseEntity } from './case.entity';

export { CaseEntity, CaseStepEntity };
export const ENTITIES = [CaseEntity, CaseStepEntity];
