import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** The four databases of seed 000 plus the case library (the `library` header). */
export const KNOWLEDGE_LIBRARIES = [
  'customer-demand',
  'experts',
  'solutions',
  'partners',
  'case-library',
] as const;
export type KnowledgeLibrary = (typeof KNOWLEDGE_LIBRARIES)[number];

/**
 * An item of the knowledge base, filed as a by-product of a process and tagged so the inbox can show the
 * static map (this industry and sales stage) and the dynamic one (newest, most viewed). `_id` is
 * `<library>/<source>` so filing the same thing twice updates it.
 */
export const knowledgeItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    library: { type: String, enum: KNOWLEDGE_LIBRARIES, required: true },
    title: { zh: { type: String, required: true }, en: { type: String, default: '' } },
    summary: { type: String, default: '' },
    industry: { type: String, default: null },
    /** bpmnProcessId the item came from. */
    process: { type: String, default: null },
    salesStage: { type: String, enum: ['pre-sales', 'in-sales', 'after-sales', null], default: null },
    tags: { type: [String], default: [] },
    /** Templates are shown on the static map. */
    isTemplate: { type: Boolean, default: false },
    customerId: { type: String, default: null },
    processInstanceKey: { type: String, default: null },
    reportArtifactId: { type: String, default: null },
    viewCount: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { collection: 'knowledgeitems', versionKey: false },
);
knowledgeItemSchema.index({ industry: 1, salesStage: 1, library: 1 });
knowledgeItemSchema.index({ industry: 1, createdAt: -1 });
knowledgeItemSchema.index({ industry: 1, viewCount: -1 });

export type KnowledgeItem = InferSchemaType<typeof knowledgeItemSchema>;

export const knowledgeItemModel = modelFactory((conn: Connection) =>
  conn.model('KnowledgeItem', knowledgeItemSchema),
);
