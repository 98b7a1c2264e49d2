/** Task queue every case workflow and its activities run on. */
export const CASES_TASK_QUEUE = 'comity-cases';
