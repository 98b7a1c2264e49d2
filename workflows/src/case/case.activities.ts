import type { CaseTransition } from '../../../libs/contracts/src';

// The activity surface the case workflow calls; apps/worker implements it.
export interface CaseActivities {
  projectTransition(transition: CaseTransition): Promise<void>;
}
