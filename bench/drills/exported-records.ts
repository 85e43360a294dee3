import type { Redis } from 'ioredis';
import { PROJECTED_STREAMS } from '../../web/server/projector/record-changes';
import { parseRecord, type JobValue, type ZeebeRecord } from '../../web/server/projector/zeebe-record';

const USER_TASK_JOB = 'io.camunda.zeebe:userTask';
const AUDIT_GROUP = 'drill-audit';

/** What the broker exported about one process instance, as the drill's own consumer group read it. */
export interface ExportedInstance {
  /** The process element's end: COMPLETED or TERMINATED; undefined while it runs. */
  ended?: 'COMPLETED' | 'TERMINATED';
  /** User-task job key → its last state, as the projector names them (open, completed, canceled, failed). */
  userTasks: Map<string, string>;
  /** User-task job key → its events as `INTENT@position`, for the drill's report of a difference. */
  userTaskEvents: Map<string, string[]>;
  /** User-task job key → how many COMPLETED events it had (more than 1 is a task done twice). */
  userTaskCompletions: Map<string, number>;
  /** Jobs of any type that failed (a worker reported an error), and how many of those had no retry left. */
  jobFailures: number;
  jobFailuresWithoutRetries: number;
  /** Jobs the broker took back from a worker that held them past their timeout (a dead worker's jobs). */
  jobTimeouts: number;
  /** Incident key → open or resolved. */
  incidents: Map<string, 'open' | 'resolved'>;
}

export interface RecordAudit {
  /** Reads and acknowledges everything exported since the last call. */
  drain(): Promise<void>;
  instance(processInstanceKey: string): ExportedInstance;
  /** How many of these instances have records read so far but no end yet: in flight. */
  inFlight(processInstanceKeys: readonly string[]): number;
  recordsRead(): number;
  /** Jobs of service tasks (not user tasks) created so far, for any instance. */
  serviceJobsCreated(): number;
  /** Records exported more than once (the exporter is at-least-once across broker restarts). */
  duplicates(): number;
}

const TASK_STATE: Record<string, string> = {
  CREATED: 'open',
  COMPLETED: 'completed',
  CANCELED: 'canceled',
  ERROR_THROWN: 'canceled',
  FAILED: 'failed',
  RETRIES_UPDATED: 'open',
};

/**
 * The broker's own account of a run, independent of the projector: a consumer group of the drill's on the
 * exporter's streams, created before the load. The exporter deletes an entry only once every group has
 * acknowledged it, so this group sees every record exported during the drill, whatever the projector did.
 */
export async function startRecordAudit(redis: Redis): Promise<RecordAudit> {
  for (const stream of PROJECTED_STREAMS) {
    try {
      await redis.xgroup('CREATE', stream, AUDIT_GROUP, '$', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }
  const instances = new Map<string, ExportedInstance>();
  let read = 0;
  let serviceJobsCreated = 0;
  const instance = (key: string) => {
    let found = instances.get(key);
    if (!found) {
      found = {
        userTasks: new Map(),
        userTaskEvents: new Map(),
        userTaskCompletions: new Map(),
        jobFailures: 0,
        jobFailuresWithoutRetries: 0,
        jobTimeouts: 0,
        incidents: new Map(),
      };
      instances.set(key, found);
    }
    return found;
  };

  // after a broker restart the exporter sends again what it had not confirmed: count each position once
  const seen = new Set<string>();
  const take = (record: ZeebeRecord) => {
    const position = `${record.partitionId}/${record.position}`;
    if (seen.has(position)) return;
    seen.add(position);
    if (record.recordType !== 'EVENT') return;
    const v = record.value as Record<string, unknown>;
    if (record.valueType === 'PROCESS_INSTANCE' && v.bpmnElementType === 'PROCESS') {
      const i = instance(String(record.key));
      if (record.intent === 'ELEMENT_COMPLETED') i.ended = 'COMPLETED';
      if (record.intent === 'ELEMENT_TERMINATED') i.ended = 'TERMINATED';
    } else if (record.valueType === 'JOB') {
      const job = v as unknown as JobValue;
      const i = instance(String(job.processInstanceKey));
      if (record.intent === 'FAILED') {
        i.jobFailures++;
        if (job.retries <= 0) i.jobFailuresWithoutRetries++;
      }
      if (record.intent === 'TIMED_OUT') i.jobTimeouts++;
      if (record.intent === 'CREATED' && job.type !== USER_TASK_JOB) serviceJobsCreated++;
      if (job.type !== USER_TASK_JOB) return;
      const state = TASK_STATE[record.intent];
      if (state) i.userTasks.set(String(record.key), state);
      const events = i.userTaskEvents.get(String(record.key)) ?? [];
      i.userTaskEvents.set(String(record.key), [...events, `${record.intent}@${record.position}`]);
      if (record.intent === 'COMPLETED')
        i.userTaskCompletions.set(
          String(record.key),
          (i.userTaskCompletions.get(String(record.key)) ?? 0) + 1,
        );
    } else if (record.valueType === 'INCIDENT') {
      const i = instance(String(v.processInstanceKey));
      if (record.intent === 'CREATED') i.incidents.set(String(record.key), 'open');
      if (record.intent === 'RESOLVED') i.incidents.set(String(record.key), 'resolved');
    }
  };

  return {
    async drain() {
      for (;;) {
        const reply = (await redis.xreadgroup(
          'GROUP',
          AUDIT_GROUP,
          'drill',
          'COUNT',
          1000,
          'STREAMS',
          ...PROJECTED_STREAMS,
          ...PROJECTED_STREAMS.map(() => '>'),
        )) as [string, [string, string[]][]][] | null;
        const entries = (reply ?? []).flatMap(([stream, list]) =>
          list.map(([id, fields]) => ({ stream, id, fields })),
        );
        if (entries.length === 0) return;
        const records = entries
          .flatMap((e) => (e.fields?.[1] ? [parseRecord(e.fields[1])] : []))
          .sort((a, b) => a.position - b.position);
        for (const record of records) take(record);
        read += records.length;
        for (const stream of PROJECTED_STREAMS) {
          const ids = entries.filter((e) => e.stream === stream).map((e) => e.id);
          if (ids.length) await redis.xack(stream, AUDIT_GROUP, ...ids);
        }
      }
    },
    instance,
    inFlight: (keys) => keys.filter((k) => instances.has(k) && !instances.get(k)!.ended).length,
    recordsRead: () => read,
    serviceJobsCreated: () => serviceJobsCreated,
    duplicates: () => read - seen.size,
  };
}
