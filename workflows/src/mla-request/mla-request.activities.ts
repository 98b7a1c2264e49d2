// The MLA request workflow runs on the case kernel; its activities are the kernel's.
export type {
  CaseActivities as MlaActivities,
  DeadlinePlanInput,
  SubmissionAssessment,
} from '../case/case.activities';
