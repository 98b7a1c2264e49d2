/** Failure types a case workflow raises; the api maps them to HTTP statuses. */
export enum CaseFailureType {
  WRONG_STAGE = 'ERR_WRONG_STAGE',
  FORBIDDEN_ACTION = 'ERR_FORBIDDEN_ACTION',
  INVALID_INPUT = 'ERR_INVALID_INPUT',
  INCOMPLETE_REQUEST = 'ERR_INCOMPLETE_REQUEST',
}
