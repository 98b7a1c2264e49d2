/** Failure types a case workflow raises; the api maps them to HTTP statuses. */
export enum CaseFailureType {
  WRONG_STAGE = 'ERR_WRONG_STAGE',
  INVALID_INPUT = 'ERR_INVALID_INPUT',
}
