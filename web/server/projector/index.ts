import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { findEach } from '../../../models/find-each';
import { projectionCheckpointModel } from '../../../models/projection-checkpoint';
import { batchTiming, commandCounter, type BatchTiming } from './batch-timing';
import { createClosureRecheck } from './closure-recheck';
import { applyDerived, deriveFields, endedDurations, fillChildContexts } from './derived-fields';
import { foldChanges, writeChanges, type DocumentChange } from './document-change';
import { logPrefix, type StreamEntry } from './log-prefix';
import { settleAll } from './settle-all';
import { PROJECTED_STREAMS, recordChanges } from './record-changes';
import { applyRollups } from './rollups';
import { parseRecord, type ZeebeRecord } from './zeebe-record';

export interface ProjectorOptions {
  /** A connection of its own: XREADGROUP blocks it. */
  redis: Redis;
  mongo: Connection;
  group: string;
  consumer: string;
  /** Entries read per stream at most; while behind (the last read was cut), `maxBatchSize`. */
  batchSize?: number;
  /** Default 4 × batchSize: a bigger batch reads and writes each instance it touches once for more records. */
  maxBatchSize?: number;
  /** Entries another consumer of the group held unacknowledged this long are taken over. Default 60 s. */
  claimIdleMs?: number;
  /** Called after a batch is written and acknowledged (assignment, live updates). */
  onBatch?: (records: ZeebeRecord[]) => Promise<void> | void;
  log?: (line: string) => void;
  /** A batch that takes longer is logged with the time of each phase. Default 2000 ms. */
  slowBatchMs?: number;
}

export interface Projector {
  stop(): Promise<void>;
  /** Broker timestamp to Mongo write of the newest record of the last batch. */
  lagMs(): number;
  recordsProjected(): number;
}

type StreamReply = [stream: string, entries: [id: string, fields: string[] | null][]][] | null;

const BLOCK_MS = 1000;

/**
 * Reads the exporter's streams with a consumer group, writes the projection, and acknowledges only after
 * the write (at-least-once); a restart first re-reads its own unacknowledged entries.
 */
export async function startProjector(options: ProjectorOptions): Promise<Projector> {
  const { redis, mongo, group, consumer } = options;
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 500;
  const maxBatchSize = Math.max(batchSize, options.maxBatchSize ?? 4 * batchSize);
  let behind = false;
  // a consumer that crashed holds its entries pending; after this long another one takes them over
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  for (const stream of PROJECTED_STREAMS) {
    try {
      // from 0: a new group projects everything the exporter still holds
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }
  await projectionCheckpointModel(mongo).updateOne(
    { _id: group },
    { $setOnInsert: { lagMs: 0 } },
    { upsert: true },
  );

  let stopped = false;
  let lagMs = 0;
  let projected = 0;
  let readPending = true;
  let lastClaim = 0;
  let waiting: StreamEntry[] = [];
  const recheck = createClosureRecheck();
  const slowBatchMs = options.slowBatchMs ?? 2000;
  const commandsSent = commandCounter(mongo);

  const claimAbandoned = async () => {
    for (const stream of PROJECTED_STREAMS) {
      const reply = (await redis.xautoclaim(
        stream,
        group,
        consumer,
        claimIdleMs,
        '0-0',
        'COUNT',
        batchSize,
      )) as [string, unknown[]];
      if (Array.isArray(reply[1]) && reply[1].length > 0) readPending = true;
    }
  };

  /** The entries read, and the streams COUNT cut off (they hold more entries than were read). */
  const readBatch = async (): Promise<{ entries: StreamEntry[]; cutStreams: Set<string> }> => {
    const count = behind ? maxBatchSize : batchSize;
    const ids = PROJECTED_STREAMS.map(() => (readPending ? '0' : '>'));
    const reply = (await (readPending
      ? redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', ...PROJECTED_STREAMS, ...ids)
      : redis.xreadgroup(
          'GROUP',
          group,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...PROJECTED_STREAMS,
          ...ids,
        ))) as StreamReply;
    const entries: StreamEntry[] = [];
    const cutStreams = new Set<string>();
    for (const [stream, streamEntries] of reply ?? []) {
      if (streamEntries.length >= count) cutStreams.add(stream);
      for (const [id, fields] of streamEntries) {
        // a pending entry the exporter already trimmed comes back without fields
        const json = fields?.[1];
        entries.push({ stream, id, record: json ? parseRecord(json) : null });
      }
    }
    if (readPending && entries.length === 0) readPending = false;
    behind = cutStreams.size > 0;
    return { entries, cutStreams };
  };

  const applyBatch = async (records: ZeebeRecord[], timing: BatchTiming) => {
    const changes = foldChanges(records.flatMap(recordChanges));
    const instanceChanges = changes.filter((c) => c.collection === 'processinstances');
    const taskChanges = changes.filter((c) => c.collection === 'usertasks');
    const inputs = changes.filter((c) => c.collection !== 'processinstances' && c.collection !== 'usertasks');
    const elementChanges = inputs.filter((c) => c.collection === 'elementinstances');
    // first what the derived fields are computed from: variables, element instances, definitions, incidents;
    // meanwhile the derivations read what they need, as stored with the batch's changes on top
    const inputsWritten = (async () => {
      applyDerived(elementChanges, await endedDurations(mongo, changes, 'elementinstances'));
      await writeChanges(mongo, inputs);
    })();
    const touched = new Set(elementChanges.map((c) => String(c.setOnInsert?.processInstanceKey ?? '')));
    const [summaries, derived] = await settleAll([
      timing.time('summarize', summarizeElements(mongo, touched, elementChanges)),
      timing.time('derive', deriveFields(mongo, changes, inputsWritten)),
      timing.time('inputs', inputsWritten),
    ] as const);
    timing.mark('inputs+summarize+derive');
    // then each instance and task once, its derived fields in its own guarded write: a reader never sees one
    // without its customer context, names or summaries; instances before tasks, so a task seen means its
    // instance is seen at it
    for (const [key, summary] of summaries)
      derived.processinstances.set(key, { ...derived.processinstances.get(key), ...summary });
    // the updates are of documents the batch's changes do not write: both at once
    const instanceUpdates = applyDerived(instanceChanges, derived.processinstances);
    await settleAll([
      writeChanges(mongo, instanceChanges),
      instanceUpdates.length &&
        mongo.collection('processinstances').bulkWrite(instanceUpdates as never, { ordered: false }),
    ]);
    timing.mark('writeInstances');
    await fillChildContexts(mongo, derived.childContexts);
    timing.mark('fillChildContexts');
    const taskUpdates = applyDerived(taskChanges, derived.usertasks);
    await settleAll([
      writeChanges(mongo, taskChanges),
      taskUpdates.length && mongo.collection('usertasks').bulkWrite(taskUpdates as never, { ordered: false }),
    ]);
    recheck.remember(taskChanges);
    timing.mark('writeTasks');
    // the roll-ups count closed tasks and ended instances as written
    await applyRollups(mongo, changes);
    timing.mark('rollups');
  };

  const loop = async () => {
    let backoffMs = 250;
    while (!stopped) {
      try {
        if (Date.now() - lastClaim > claimIdleMs / 2) {
          lastClaim = Date.now();
          await claimAbandoned();
        }
        const timing = batchTiming(commandsSent);
        const restored = await recheck.run(mongo);
        timing.mark('recheck');
        if (restored) log(`projector: ${restored} task closures lost to a concurrent write, written again`);
        // entries after a COUNT cut wait in memory for the next new read; a read of the pending entries
        // (restart, takeover, error) returns them again by itself
        const fromPending = readPending;
        const read = await readBatch();
        timing.mark('read');
        const { now: entries, later } = logPrefix(
          fromPending ? read.entries : [...waiting, ...read.entries],
          read.cutStreams,
        );
        waiting = fromPending ? [] : later;
        if (entries.length === 0) continue;
        const records = entries
          .flatMap((e) => (e.record ? [e.record] : []))
          .sort((a, b) => a.position - b.position);
        await applyBatch(records, timing);
        const byStream = new Map<string, string[]>();
        for (const e of entries) byStream.set(e.stream, [...(byStream.get(e.stream) ?? []), e.id]);
        await Promise.all([...byStream].map(([stream, ids]) => redis.xack(stream, group, ...ids)));
        timing.mark('xack');
        const newest = records[records.length - 1];
        if (newest) {
          lagMs = Math.max(0, Date.now() - newest.timestamp);
          projected += records.length;
          await projectionCheckpointModel(mongo).updateOne(
            { _id: group },
            {
              $set: { lastRecordTimestamp: new Date(newest.timestamp), lastProjectedAt: new Date(), lagMs },
              $max: { lastPosition: newest.position },
              $inc: { recordsProjected: records.length },
            },
          );
          timing.mark('checkpoint');
          await options.onBatch?.(records);
          timing.mark('onBatch');
        }
        if (timing.totalMs() >= slowBatchMs)
          log(
            `projector: batch of ${records.length} records (${entries.length} entries) took ${Math.round(timing.totalMs())} ms: ${timing.summary()}`,
          );
        backoffMs = 250;
      } catch (err) {
        if (stopped) break;
        log(`projector: ${(err as Error).message}; retrying in ${backoffMs} ms`);
        readPending = true; // the unacknowledged entries come again
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  };

  const running = loop();
  return {
    async stop() {
      stopped = true;
      // a read blocks at most BLOCK_MS; with Redis gone it would wait for a reconnect forever
      const finished = await Promise.race([
        running.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), BLOCK_MS + 1000).unref()),
      ]);
      if (!finished) {
        // ioredis leaves commands queued while reconnecting unsettled even after disconnect(); the loop is
        // abandoned on that promise, which holds no handle, so the process can still exit
        redis.disconnect();
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      }
    },
    lagMs: () => lagMs,
    recordsProjected: () => projected,
  };
}

const ACTIVE_STATES = new Set(['activating', 'active', 'completing']);

interface ElementSummary {
  activeElementIds: string[];
  completedElementIds: string[];
  takenSequenceFlowIds: string[];
}

/**
 * An instance's active and completed element ids, recomputed from its element instances (idempotent): the
 * stored ones with the batch's changes on top, so the read need not wait for the batch's write.
 */
async function summarizeElements(
  mongo: Connection,
  processInstanceKeys: Set<string>,
  elementChanges: DocumentChange[],
): Promise<Map<string, ElementSummary>> {
  const keys = [...processInstanceKeys].filter(Boolean);
  // one indexed read per instance (findEach): FerretDB would fetch every element instance for an $in
  const stored = await findEach<ElementRow>(mongo, 'elementinstances', 'processInstanceKey', keys, {
    projection: { processInstanceKey: 1, elementId: 1, state: 1, bpmnElementType: 1, position: 1 },
  });
  const storedById = new Map(stored.map((row) => [String(row._id), row]));
  const rows = new Map(storedById);
  for (const change of elementChanges) {
    const row = storedById.get(change.id);
    // a stale change loses its guarded write: the stored row stays
    if (row && (row.position ?? -1) >= change.position) continue;
    rows.set(change.id, { ...(row ? {} : change.setOnInsert), ...row, ...change.set } as ElementRow);
  }
  const sets = new Map(
    keys.map((key) => [
      key,
      { active: new Set<string>(), completed: new Set<string>(), taken: new Set<string>() },
    ]),
  );
  for (const row of rows.values()) {
    const summary = sets.get(row.processInstanceKey);
    if (!summary || row.bpmnElementType === 'PROCESS') continue;
    if (row.state === 'taken') summary.taken.add(row.elementId);
    else if (ACTIVE_STATES.has(row.state)) summary.active.add(row.elementId);
    else if (row.state === 'completed') summary.completed.add(row.elementId);
  }
  return new Map(
    [...sets].map(([key, summary]) => [
      key,
      {
        activeElementIds: [...summary.active],
        completedElementIds: [...summary.completed],
        takenSequenceFlowIds: [...summary.taken],
      },
    ]),
  );
}

interface ElementRow {
  _id: string;
  processInstanceKey: string;
  elementId: string;
  state: string;
  bpmnElementType: string;
  position?: number;
}
