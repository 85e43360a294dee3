import type { Connection } from 'mongoose';
import { slaPolicyDocumentModel } from '../../models/sla-policy';
import { createCnBusinessCalendar } from './cn-holidays';
import { DEFAULT_SLA_POLICIES } from './default-policies';
import { slaPolicySchema, type SlaPolicy } from './sla-policy';
import type { BusinessCalendar } from './business-calendar';

/** The shipped defaults, each replaced by a stored policy of the same id (`slapolicies`). */
export async function loadSlaPolicies(mongo: Connection): Promise<SlaPolicy[]> {
  const stored = await slaPolicyDocumentModel(mongo).find().lean();
  const overrides = stored.map(({ _id, ...rest }) => slaPolicySchema.parse({ id: _id, ...rest }));
  const ids = new Set(overrides.map((p) => p.id));
  return [...DEFAULT_SLA_POLICIES.filter((p) => !ids.has(p.id)), ...overrides];
}

let calendar: BusinessCalendar | undefined;

/** The operator's business calendar (built once: the holiday data is static). */
export function businessCalendar(): BusinessCalendar {
  calendar ??= createCnBusinessCalendar();
  return calendar;
}
