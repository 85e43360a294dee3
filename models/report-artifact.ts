import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** The named reports of the processes (the `reportKind` header). */
export const REPORT_KINDS = [
  'demand-analysis',
  'feasibility',
  'project-approval',
  'market-forecast',
  'marketing-effect',
  'customer-need-analysis',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const attachmentSchema = new Schema(
  {
    /** GridFS file id in bucket `reportattachments`. */
    fileId: { type: String, required: true },
    filename: { type: String, required: true },
    contentType: { type: String, default: 'application/octet-stream' },
    size: { type: Number, required: true },
    uploadedBy: { type: String, default: null },
  },
  { _id: false },
);

/**
 * One version of a report artifact. A report is `(processInstanceKey, kind)`; each generate job adds a
 * version, keyed by its element instance (`_id` `<kind>/<elementInstanceKey>`), so a retry adds nothing.
 */
export const reportArtifactSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: REPORT_KINDS, required: true },
    version: { type: Number, required: true },
    title: { zh: { type: String, required: true }, en: { type: String, required: true } },
    /** Sections taken from the process variables, in order. */
    sections: {
      type: [{ _id: false, heading: String, body: String }],
      default: [],
    },
    authors: { type: [String], default: [] },
    processInstanceKey: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    elementInstanceKey: { type: String, required: true },
    /** User tasks whose forms fed the report. */
    taskKeys: { type: [String], default: [] },
    customerId: { type: String, default: null },
    industry: { type: String, default: null },
    salesStage: { type: String, default: null },
    status: { type: String, enum: ['draft', 'final'], default: 'final' },
    attachments: { type: [attachmentSchema], default: [] },
    knowledgeItemId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reportartifacts', versionKey: false },
);
reportArtifactSchema.index({ processInstanceKey: 1, kind: 1, version: -1 });

export type ReportArtifact = InferSchemaType<typeof reportArtifactSchema>;

export const reportArtifactModel = modelFactory((conn: Connection) =>
  conn.model('ReportArtifact', reportArtifactSchema),
);

/** GridFS bucket of report attachments (FerretDB serves GridFS as plain collections). */
export const REPORT_ATTACHMENT_BUCKET = 'reportattachments';
