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
    position: { type: Number, required: true },
  },
  { collection: 'usertasks', versionKey: false },
);
// the inbox: mine / my groups' open tasks by due date
userTaskSchema.index({ assignee: 1, state: 1, dueDate: 1 });
userTaskSchema.index({ candidateGroups: 1, state: 1, dueDate: 1 });
userTaskSchema.index({ processInstanceKey: 1 });
userTaskSchema.index({ state: 1, assignmentDecidedAt: 1 });

export type UserTask = InferSchemaType<typeof userTaskSchema>;

export const userTaskModel = modelFactory((conn: Connection) => conn.model('UserTask', userTaskSchema));
