import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A user task: a job of type `io.camunda.zeebe:userTask`, projected from the JOB stream. `_id` is the job
 * key, which CompleteJob takes.
 */
export const userTaskSchema = new Schema(
  {
    _id: { type: String, required: true },
    jobKey: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    elementInstanceKey: { type: String, required: true },
    elementId: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    processDefinitionKey: { type: String, required: true },
    processDefinitionVersion: { type: Number },
    state: { type: String, enum: ['open', 'completed', 'canceled', 'failed'], required: true },
    candidateGroups: { type: [String], default: [] },
    candidateUsers: { type: [String], default: [] },
    assignee: { type: String, default: null },
    formKey: { type: String, default: null },
    dueDate: { type: String, default: null },
    followUpDate: { type: String, default: null },
    /** The model's own headers (assignmentRule, slaPolicy, salesStage, …). */
    customHeaders: { type: Schema.Types.Mixed, default: {} },
    createdAt: { type: Date, required: true },
    /** Set by the task assigner once the rules decided (assignments are recorded in `assignmentdecisions`). */
    assignmentDecidedAt: { type: Date, default: null },
    /** The SLA monitor's projected deadlines and urgency (tasks under a `slaPolicy`). */
    slaWarnAt: { type: Date, default: null },
    slaDueAt: { type: Date, default: null },
    slaState: { type: String, enum: ['on-track', 'at-risk', 'breached', null], default: null },
    closedAt: { type: Date, default: null },
    /** Derived by the projector (derived-fields.ts): the element's name in the BPMN XML. */
    name: { type: String, default: null },
    /** Derived: the customer context of the task's scope, for city scope and the customer view. */
    city: { type: String, default: null },
    customerId: { type: String, default: null },
    /** Derived: the deadline (process variable `slaDueAt` in the task's scope, else the `dueDate` header). */
    dueAt: { type: Date, default: null },
    /** `dueAt`, or 9999-12-31 when there is none: one non-null sort key for the inbox indexes. */
    sortDueAt: { type: Date, default: null },
    warnAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
    /** Set by the API while its CompleteJob runs, so a second completion answers 409 without a second call. */
    completingBy: { type: String, default: null },
    position: { type: Number, required: true },
  },
  { collection: 'usertasks', versionKey: false },
);
// the inbox: mine / my groups' / my city's open tasks by due date, with the id as cursor tie-breaker
userTaskSchema.index({ assignee: 1, state: 1, sortDueAt: 1, _id: 1 });
userTaskSchema.index({ candidateGroups: 1, state: 1, sortDueAt: 1, _id: 1 });
userTaskSchema.index({ state: 1, city: 1, sortDueAt: 1, _id: 1 });
// dashboards: open tasks by SLA state; closed tasks of one bucket (roll-up recompute, drill-down)
userTaskSchema.index({ state: 1, slaState: 1, city: 1 });
userTaskSchema.index({ bpmnProcessId: 1, elementId: 1, closedAt: 1 });
userTaskSchema.index({ processInstanceKey: 1 });
userTaskSchema.index({ state: 1, assignmentDecidedAt: 1 });

export type UserTask = InferSchemaType<typeof userTaskSchema>;

export const userTaskModel = modelFactory((conn: Connection) => conn.model('UserTask', userTaskSchema));
