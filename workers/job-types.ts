/**
 * Job types of the service tasks: the contract between the BPMN models (`zeebe:taskDefinition type`)
 * and the workers in this folder. Mirrors the table in docs/CONVENTIONS.md; change both together.
 */
export const JOB_TYPES = [
  'gcflow.sla.compute-deadlines',
  'gcflow.sla.record-warning',
  'gcflow.sla.escalate',
  'gcflow.sla.resume-clock',
  'gcflow.report.generate',
  'gcflow.survey.send',
  'gcflow.notify.customer',
  'gcflow.notify.staff',
  'gcflow.support-order.dispatch',
  'gcflow.knowledge.archive',
  'gcflow.customer.record-touch',
  'gcflow.care.list-key-customers',
  'gcflow.service-opening.update-progress',
] as const;

/** A job type the models may use. */
export type JobType = (typeof JOB_TYPES)[number];

/** The job type Zeebe gives job-based user tasks; handled by the projector and the API, not a worker. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

export function isJobType(value: string): value is JobType {
  return (JOB_TYPES as readonly string[]).includes(value);
}
