import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/** The roles of DOMAIN.md; a role id is also the candidate group of the tasks the role takes. */
export const ROLES = [
  'account-manager',
  'industry-manager',
  'product-manager',
  'support-engineer',
  'complaint-handler',
  'review-committee',
  'business-manager',
  'manager',
  'process-designer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** A staff account, driven by the HR record: a departure sets `active` false at once. */
export const staffSchema = new Schema(
  {
    username: { type: String, required: true, unique: true },
    displayName: { zh: { type: String, required: true }, en: { type: String, required: true } },
    passwordHash: { type: String, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    /** City company (`gz`, `sz`, …); null for the province company. */
    city: { type: String, default: null },
    level: { type: String, enum: ['city', 'province'], required: true },
    industries: { type: [String], default: [] },
    products: { type: [String], default: [] },
    /** Virtual teams across cities (e.g. the complaint team). */
    teams: { type: [String], default: [] },
    managerUsername: { type: String, default: null },
    email: { type: String, default: null },
    mobile: { type: String, default: null },
    active: { type: Boolean, default: true },
    onLeave: { type: Boolean, default: false },
    departedAt: { type: Date, default: null },
  },
  { collection: 'staff', timestamps: true },
);
staffSchema.index({ roles: 1, city: 1, active: 1 });

export type Staff = InferSchemaType<typeof staffSchema>;

export const staffModel = modelFactory((conn: Connection) => conn.model('Staff', staffSchema));
