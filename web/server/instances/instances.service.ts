import { elementInstanceModel } from '../../../models/element-instance';
import { incidentModel } from '../../../models/incident';
import { processInstanceModel, type ProcessInstance } from '../../../models/process-instance';
import { processVariableModel } from '../../../models/process-variable';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/audit';
import { afterCursor, encodeCursor } from '../http/cursor';
import { findInScope } from '../http/in-scope';
import { cityFilter, hasAnyRole, seesAllCities, type Principal } from '../http/principal';
import { elementNames, englishElementNames } from '../processes/element-names';
import { startersOf } from './starters';

type InstanceRow = ProcessInstance & { _id: string };

/** The instance if the principal may see it; otherwise 404, the same as an unknown key (no probing). */
export function instanceInScope(deps: ApiDeps, principal: Principal, key: string): Promise<InstanceRow> {
  return findInScope(processInstanceModel(deps.mongo), principal, key, 'process instance');
}

export async function startInstance(
  deps: ApiDeps,
  principal: Principal,
  input: { bpmnProcessId: string; variables: Record<string, unknown> },
): Promise<{ processInstanceKey: string }> {
  if (!hasAnyRole(principal, startersOf(input.bpmnProcessId))) {
    throw new AppError(403, 'forbidden', `your roles may not start ${input.bpmnProcessId}`);
  }
  const variables = { ...input.variables };
  // city staff start work for their own city only
  if (!seesAllCities(principal)) {
    if (variables.city !== undefined && variables.city !== principal.city) {
      throw new AppError(403, 'forbidden', 'city staff start processes for their own city only');
    }
    variables.city = principal.city;
  }
  let started;
  try {
    started = await deps.zbc.createProcessInstance({
      bpmnProcessId: input.bpmnProcessId,
      variables: variables as never,
    });
  } catch (err) {
    const message = (err as Error).message;
    if (/NOT_FOUND|not found/i.test(message)) {
      throw new AppError(404, 'not_found', `no deployed process ${input.bpmnProcessId}`);
    }
    throw err;
  }
  const processInstanceKey = String(started.processInstanceKey);
  await recordAudit(deps, {
    action: 'instance-start',
    actor: principal.username,
    subject: processInstanceKey,
    details: { bpmnProcessId: input.bpmnProcessId },
  });
  return { processInstanceKey };
}

export interface InstanceListQuery {
  bpmnProcessId?: string;
  state?: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  city?: string;
  customerId?: string;
  limit: number;
  cursor?: string;
}

function summary(row: InstanceRow) {
  return {
    processInstanceKey: row._id,
    bpmnProcessId: row.bpmnProcessId,
    version: row.version,
    state: row.state,
    startedAt: row.startedAt ?? null,
    endedAt: row.endedAt ?? null,
    durationMs: row.durationMs ?? null,
    city: row.city ?? null,
    customerId: row.customerId ?? null,
    customerName: row.customerName ?? null,
    parentProcessInstanceKey: row.parentProcessInstanceKey ?? null,
  };
}

/** The instance list, newest first, by keyset cursor; city staff see their city's instances only. */
export async function listInstances(deps: ApiDeps, principal: Principal, query: InstanceListQuery) {
  if (query.city && !seesAllCities(principal) && query.city !== principal.city)
    return { items: [], next: null };
  const filter = {
    ...(query.bpmnProcessId ? { bpmnProcessId: query.bpmnProcessId } : {}),
    ...(query.state ? { state: query.state } : {}),
    ...(query.city ? { city: query.city } : {}),
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...cityFilter(principal),
    ...afterCursor('startedAt', -1, query.cursor),
  };
  const rows = await processInstanceModel(deps.mongo)
    .find(filter)
    .sort({ startedAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<InstanceRow[]>();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(summary),
    next: rows.length > query.limit && last?.startedAt ? encodeCursor(last.startedAt, last._id) : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The instance view: state, element ids for the diagram, incidents, variables, children and element timings. */
export async function instanceDetail(deps: ApiDeps, principal: Principal, key: string) {
  const row = await instanceInScope(deps, principal, key);
  const [incidents, variables, elements, children, names, englishNames] = await Promise.all([
    incidentModel(deps.mongo).find({ processInstanceKey: key }).sort({ createdAt: 1 }).lean(),
    processVariableModel(deps.mongo).find({ processInstanceKey: key, scopeKey: key }).lean(),
    elementInstanceModel(deps.mongo)
      .find({ processInstanceKey: key, bpmnElementType: { $nin: ['PROCESS', 'SEQUENCE_FLOW'] } })
      .sort({ startedAt: 1 })
      .lean(),
    processInstanceModel(deps.mongo)
      .find({ parentProcessInstanceKey: key, ...cityFilter(principal) })
      .lean<InstanceRow[]>(),
    elementNames(deps.mongo, row.processDefinitionKey),
    englishElementNames(deps.mongo, row.processDefinitionKey),
  ]);
  return {
    ...summary(row),
    processDefinitionKey: row.processDefinitionKey,
    activeElementIds: row.activeElementIds ?? [],
    completedElementIds: row.completedElementIds ?? [],
    takenSequenceFlowIds: row.takenSequenceFlowIds ?? [],
    incidents: incidents.map((i) => ({
      key: i._id,
      elementId: i.elementId,
      errorType: i.errorType,
      errorMessage: i.errorMessage,
      state: i.state,
      jobKey: i.jobKey ?? null,
      createdAt: i.createdAt ?? null,
      resolvedAt: i.resolvedAt ?? null,
    })),
    variables: Object.fromEntries(variables.map((v) => [v.name, parseJson(v.valueJson)])),
    children: children.map(summary),
    elements: elements.map((e) => ({
      elementInstanceKey: e._id,
      elementId: e.elementId,
      name: names.get(e.elementId) ?? null,
      nameEn: englishNames.get(e.elementId) ?? null,
      bpmnElementType: e.bpmnElementType,
      state: e.state,
      startedAt: e.startedAt ?? null,
      endedAt: e.endedAt ?? null,
      durationMs: e.durationMs ?? null,
    })),
  };
}

export async function cancelInstance(deps: ApiDeps, principal: Principal, key: string): Promise<void> {
  const row = await instanceInScope(deps, principal, key);
  if (row.state !== 'ACTIVE')
    throw new AppError(409, 'not_active', `the instance is ${row.state.toLowerCase()}`);
  try {
    await deps.zbc.cancelProcessInstance(key);
  } catch (err) {
    if (/NOT_FOUND/i.test((err as Error).message)) {
      throw new AppError(409, 'not_active', 'the instance has already ended');
    }
    throw err;
  }
  await recordAudit(deps, { action: 'instance-cancel', actor: principal.username, subject: key });
}
