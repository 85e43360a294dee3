import { slaPolicyDocumentModel } from '../../../models/sla-policy';
import { loadSlaPolicies, businessCalendar } from '../../../workers/sla/policy-store';
import { slaPolicySchema, type SlaPolicy } from '../../../workers/sla/sla-policy';
import { CALENDAR_24X7, type BusinessCalendar } from '../../../workers/sla/business-calendar';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import type { Principal } from '../http/principal';

/** The policies in force: shipped defaults replaced by stored ones of the same id. */
export function listPolicies(deps: ApiDeps): Promise<SlaPolicy[]> {
  return loadSlaPolicies(deps.mongo);
}

/** Stores a policy (replacing the default of its id) and audits the change with the values before and after. */
export async function savePolicy(
  deps: ApiDeps,
  principal: Principal,
  id: string,
  input: Omit<SlaPolicy, 'id'>,
): Promise<SlaPolicy> {
  const parsed = slaPolicySchema.safeParse({ ...input, id });
  if (!parsed.success) {
    throw new AppError(
      422,
      'invalid_policy',
      'the policy breaks a rule',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const before = (await loadSlaPolicies(deps.mongo)).find((p) => p.id === id) ?? null;
  const { id: _id, ...fields } = parsed.data;
  await slaPolicyDocumentModel(deps.mongo).updateOne({ _id: id }, { $set: fields }, { upsert: true });
  await recordAudit(deps, {
    action: 'sla-policy-change',
    actor: principal.username,
    subject: id,
    details: { before, after: parsed.data },
  });
  return parsed.data;
}

function calendarView(calendar: BusinessCalendar) {
  const minutes = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return {
    id: calendar.id,
    kind: calendar.kind,
    timeZone: calendar.timeZone,
    workingHours: calendar.workingMinutes.map((p) => ({ start: minutes(p.start), end: minutes(p.end) })),
    weekendDays: [...calendar.weekendDays],
    holidays: [...calendar.holidays].sort(),
    makeupWorkdays: [...calendar.makeupWorkdays].sort(),
    coveredYears: [...calendar.coveredYears].sort(),
    provisionalYears: [...calendar.provisionalYears].sort(),
  };
}

export function listCalendars() {
  return [calendarView(businessCalendar()), calendarView(CALENDAR_24X7)];
}
