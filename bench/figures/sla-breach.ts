import { processVariableModel } from '../../models/process-variable';
import { slaPolicyDocumentModel } from '../../models/sla-policy';
import { userTaskModel } from '../../models/user-task';
import type { ApiClient } from '../support/api-client';
import { COMPLAINTS, complaintIntake, startInboxDriver } from '../support/complaint-path';
import { percentile, sleep } from '../support/percentiles';
import type { Figure } from '../support/report';
import type { StackUnderTest } from '../support/stack-under-test';

const MANAGER_VIEWS = [
  { as: 'manager.gz', scope: 'candidate' },
  { as: 'manager.gz', scope: 'mine' },
  { as: 'manager.prov', scope: 'mine' },
];

/**
 * `deadlines` grave complaints under a short stored policy: graded through the API, their fault handling left
 * to breach. Ours: deadline → the escalation task in a manager's inbox (the API, polled every 200 ms);
 * reference: deadline → the escalation task created in the engine (its broker timestamp), in the same run.
 */
export async function measureSlaBreach(
  sut: StackUnderTest,
  api: ApiClient,
  size: { deadlines: number; dueSeconds: number; maxSeconds: number },
): Promise<Figure> {
  await slaPolicyDocumentModel(sut.db).updateOne(
    { _id: 'complaint-grave' },
    {
      $set: {
        name: { zh: '重大投诉（基准）', en: 'Grave complaint (bench)' },
        responseTargetMs: 1000,
        resolutionTargetMs: size.dueSeconds * 1000,
        warnAtRatio: 0.5,
        calendar: '24x7',
        pauseWhileWaitingForCustomer: false,
      },
    },
    { upsert: true },
  );
  const driver = startInboxDriver({ api, db: sut.db, elements: ['Task_GradeComplaint'], grade: 'grave' });
  const keys = new Set<string>();
  for (let i = 0; i < size.deadlines; i++) {
    const { processInstanceKey } = await sut.zbc.createProcessInstance({
      bpmnProcessId: COMPLAINTS,
      variables: complaintIntake('grave', 'sla'),
    });
    keys.add(String(processInstanceKey));
    await sleep(50);
  }
  const seen = new Map<string, number>();
  let pollErrors = 0;
  const deadline = Date.now() + size.maxSeconds * 1000;
  while (seen.size < keys.size && Date.now() < deadline) {
    // a failed poll (a reset connection) is counted and polled again, not the end of the figure
    const pages = await Promise.all(
      MANAGER_VIEWS.map((v) =>
        api
          .request('GET', `/api/tasks?scope=${v.scope}&state=open&bpmnProcessId=${COMPLAINTS}&limit=200`, {
            as: v.as,
          })
          .catch(() => {
            pollErrors++;
            return { status: 0, body: null, ms: 0 };
          }),
      ),
    );
    const at = Date.now();
    for (const page of pages) {
      for (const t of (Array.isArray(page.body) ? page.body : []) as {
        id: string;
        processInstanceKey: string;
        elementId: string;
      }[]) {
        if (
          t.elementId === 'Task_EscalatedHandling' &&
          keys.has(t.processInstanceKey) &&
          !seen.has(t.processInstanceKey)
        )
          seen.set(t.processInstanceKey, at);
      }
    }
    await sleep(200);
  }
  await driver.stop();
  const dueAt = new Map(
    (
      await processVariableModel(sut.db)
        .find(
          { processInstanceKey: { $in: [...keys] }, name: 'slaDueAt' },
          { processInstanceKey: 1, scopeKey: 1, value: 1 },
        )
        .lean<{ processInstanceKey: string; scopeKey: string; value: unknown }[]>()
    )
      .filter((v) => v.scopeKey === v.processInstanceKey)
      .map((v) => [v.processInstanceKey, new Date(String(v.value)).getTime()]),
  );
  const created = new Map(
    (
      await userTaskModel(sut.db)
        .find(
          { processInstanceKey: { $in: [...keys] }, elementId: 'Task_EscalatedHandling' },
          { processInstanceKey: 1, createdAt: 1 },
        )
        .lean<{ processInstanceKey: string; createdAt: Date }[]>()
    ).map((t) => [t.processInstanceKey, t.createdAt.getTime()]),
  );
  const visible: number[] = [];
  const engine: number[] = [];
  for (const key of keys) {
    const due = dueAt.get(key);
    if (due === undefined) continue;
    if (seen.has(key)) visible.push(seen.get(key)! - due);
    if (created.has(key)) engine.push(created.get(key)! - due);
  }
  const p99 = percentile(visible, 99);
  return {
    name: `SLA breach → escalation task in the manager's inbox p99, ${size.deadlines} deadlines (vs created in the engine)`,
    ours: p99,
    reference: percentile(engine, 99),
    unit: 'ms',
    target: 'p99 < 1000 ms',
    met: p99 < 1000 && visible.length === size.deadlines,
    note: `${visible.length}/${keys.size} seen in an inbox, ${engine.length} created, ${dueAt.size} deadlines read; p50 ${percentile(visible, 50).toFixed(0)} ms; inbox polled every 200 ms${pollErrors ? `, ${pollErrors} polls failed` : ''}`,
  };
}
