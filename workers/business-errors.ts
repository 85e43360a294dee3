/**
 * Business outcomes a worker reports as BPMN errors (`job.error(code)`), for error boundary events of the
 * models to catch (`<bpmn:error errorCode="…">`). Everything else that goes wrong is a technical failure:
 * `job.fail` with retries and back-off, and an incident when they run out.
 */
export const BUSINESS_ERROR_CODES = [
  /** The `customerId` names no customer in the unified customer view. */
  'CUSTOMER_NOT_FOUND',
  /** A support order cannot be taken: its request is empty or its kind unknown to the back office. */
  'SUPPORT_ORDER_REJECTED',
  /** Nobody eligible to escalate to: no active manager at the level or above. */
  'NO_ESCALATION_TARGET',
] as const;

/** A BPMN error code gcflow's workers throw. */
export type BusinessErrorCode = (typeof BUSINESS_ERROR_CODES)[number];

/** A business outcome: the handler turns it into `job.error(code, message)`. */
export class BusinessError extends Error {
  override readonly name = 'BusinessError';
  constructor(
    readonly code: BusinessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A problem no retry can fix (a mistyped header, an unknown policy): the job fails with no retries left, so
 * an incident shows the message at once instead of after three identical failures.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
