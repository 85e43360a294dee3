import { incidentModel } from '../../../models/incident';
import { processInstanceModel } from '../../../models/process-instance';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import { seesAllCities, type Principal } from '../http/principal';

async function scopedInstanceKeys(deps: ApiDeps, principal: Principal, keys: string[]): Promise<Set<string>> {
  if (seesAllCities(principal)) return new Set(keys);
  const rows = await processInstanceModel(deps.mongo)
    .find({ _id: { $in: keys }, city: principal.city }, { _id: 1 })
    .lean();
  return new Set(rows.map((r) => r._id));
}

export async function listIncidents(
  deps: ApiDeps,
  principal: Principal,
  state: 'open' | 'resolved',
  limit: number,
) {
  const rows = await incidentModel(deps.mongo).find({ state }).sort({ createdAt: -1 }).limit(limit).lean();
  const visible = await scopedInstanceKeys(deps, principal, [
    ...new Set(rows.map((r) => r.processInstanceKey)),
  ]);
  return rows
    .filter((r) => visible.has(r.processInstanceKey))
    .map((r) => ({
      key: r._id,
      processInstanceKey: r.processInstanceKey,
      bpmnProcessId: r.bpmnProcessId ?? null,
      elementId: r.elementId,
      errorType: r.errorType,
      errorMessage: r.errorMessage,
      state: r.state,
      jobKey: r.jobKey ?? null,
      createdAt: r.createdAt ?? null,
      resolvedAt: r.resolvedAt ?? null,
    }));
}

/** Gives the failed job its retries back (when a job failed), then resolves the incident so the engine retries. */
export async function retryIncident(
  deps: ApiDeps,
  principal: Principal,
  key: string,
  retries: number,
): Promise<void> {
  const incident = await incidentModel(deps.mongo).findById(key).lean();
  if (
    !incident ||
    !(await scopedInstanceKeys(deps, principal, [incident.processInstanceKey])).has(
      incident.processInstanceKey,
    )
  ) {
    throw new AppError(404, 'not_found', `no incident ${key}`);
  }
  if (incident.state !== 'open')
    throw new AppError(409, 'incident_resolved', 'the incident is already resolved');
  try {
    if (incident.jobKey) await deps.zbc.updateJobRetries({ jobKey: incident.jobKey, retries });
    await deps.zbc.resolveIncident({ incidentKey: key });
  } catch (err) {
    if (/NOT_FOUND/i.test((err as Error).message))
      throw new AppError(409, 'incident_resolved', 'the engine has no such open incident');
    throw err;
  }
  await recordAudit(deps, {
    action: 'incident-retry',
    actor: principal.username,
    subject: key,
    details: { retries, jobKey: incident.jobKey },
  });
}
