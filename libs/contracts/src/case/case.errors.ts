/** Failure types a case workflow raises; the api maps them to HTTP statuses. */
export enum CaseFailureType {
  WRONG_STAGE = 'ERR_WRONG_STAGE',
  FORBIDDEN_ACTION = 'ERR_FORBIDDEN_ACTION',
  INVALID_INPUT = 'ERR_INVALID_INPUT',
  INCOMPLETE_REQUEST = 'ERR_INCOMPLETE_REQUEST',
  /** The records refused the action's data for good (422); the case is unchanged. */
  UNPROCESSABLE = 'ERR_UNPROCESSABLE',
  /** The records stayed unreachable past the retry bound (503); the action did not apply. */
  UNAVAILABLE = 'ERR_UNAVAILABLE',
}

/**
 * How activities classify their failures. Permanent ones are non-retryable and refuse the
 * action; transient ones are retried with a bound.
 */
export enum ActivityFailureType {
  /** Data the database refuses (SQLSTATE classes 22 and 23): retrying cannot help. */
  INVALID_DATA = 'InvalidData',
  /** The rules data the evaluation needs is missing or unreadable. */
  RULES_DATA_MISSING = 'RulesDataMissing',
  /** Connection lost, serialization failure, deadlock, shutdown: worth retrying. */
  TRANSIENT = 'Transient',
}
