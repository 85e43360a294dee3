import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { modelFactory } from './model-factory';

/**
 * After a departure: a proposed new account manager for one customer, which a manager confirms (or
 * replaces). `_id` `<customerId>/<departedUsername>`, so recording the departure twice proposes once.
 */
export const accountManagerProposalSchema = new Schema(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    city: { type: String, default: null },
    departedUsername: { type: String, required: true },
    /** Null: nobody eligible in the city or province; a manager must choose. */
    proposedUsername: { type: String, default: null },
    reason: { zh: { type: String, default: '' }, en: { type: String, default: '' } },
    status: { type: String, enum: ['proposed', 'confirmed'], default: 'proposed' },
    confirmedBy: { type: String, default: null },
    confirmedUsername: { type: String, default: null },
    proposedAt: { type: Date, required: true },
    confirmedAt: { type: Date, default: null },
  },
  { collection: 'accountmanagerproposals', versionKey: false },
);
accountManagerProposalSchema.index({ status: 1, city: 1 });

export type AccountManagerProposal = InferSchemaType<typeof accountManagerProposalSchema>;

export const accountManagerProposalModel = modelFactory((conn: Connection) =>
  conn.model('AccountManagerProposal', accountManagerProposalSchema),
);
