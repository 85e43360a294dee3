import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * A file uploaded in a task's screen. The bytes are in GridFS (bucket `reportattachments`, the bucket the
 * report artifacts refer to); this record links them to the task and its instance, carries the instance's
 * city for the scope check, and is what the inbox and the instance view list. `_id` is the GridFS file id.
 */
export const taskAttachmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskKey: { type: String, required: true },
    processInstanceKey: { type: String, required: true },
    bpmnProcessId: { type: String, required: true },
    elementId: { type: String, required: true },
    /** The task's name when it was uploaded, so the instance view can say where a file came from. */
    taskName: { type: String, default: null },
    city: { type: String, default: null },
    customerId: { type: String, default: null },
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    /** Hex SHA-256 of the content, to tell identical uploads apart from different ones. */
    sha256: { type: String, required: true },
    uploadedBy: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
  },
  { collection: 'taskattachments', versionKey: false },
);
taskAttachmentSchema.index({ taskKey: 1, uploadedAt: 1 });
taskAttachmentSchema.index({ processInstanceKey: 1, uploadedAt: 1 });

export type TaskAttachment = InferSchemaType<typeof taskAttachmentSchema>;

export const taskAttachmentModel = modelFactory((conn: Connection) =>
  conn.model('TaskAttachment', taskAttachmentSchema),
);
