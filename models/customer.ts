import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';
import { isUnifiedSocialCreditCode } from './unified-social-credit-code';

/** The four levels of people at a key customer that the care plan tells apart. */
export const CARE_LEVELS = ['contact', 'key-person', 'management', 'other'] as const;

/** The nine industries (ids; names in both languages live with the UI texts). */
export const INDUSTRIES = [
  'government',
  'education',
  'healthcare',
  'finance',
  'transport',
  'manufacturing',
  'agriculture',
  'energy',
  'commerce',
] as const;

const personSchema = new Schema(
  {
    name: { type: String, required: true },
    title: { type: String, default: '' },
    mobile: { type: String, default: null },
    email: { type: String, default: null },
    careLevel: { type: String, enum: CARE_LEVELS, required: true },
  },
  { _id: false },
);

/** The unified customer view 统一客户视图, keyed by the unified social credit code. */
export const customerSchema = new Schema(
  {
    _id: {
      type: String,
      required: true,
      validate: { validator: isUnifiedSocialCreditCode, message: 'not a valid unified social credit code' },
    },
    name: { zh: { type: String, required: true }, en: { type: String, default: '' } },
    industry: { type: String, enum: INDUSTRIES, required: true },
    city: { type: String, required: true },
    accountManager: { type: String, default: null },
    /** Key customers get the quarterly care run. */
    keyCustomer: { type: Boolean, default: false },
    people: { type: [personSchema], default: [] },
    services: { type: [String], default: [] },
  },
  { collection: 'customers', timestamps: true },
);
customerSchema.index({ city: 1, industry: 1 });
customerSchema.index({ accountManager: 1 });

export type Customer = InferSchemaType<typeof customerSchema>;

export const customerModel = modelFactory((conn: Connection) => conn.model('Customer', customerSchema));
