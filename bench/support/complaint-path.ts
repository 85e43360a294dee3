import type { Connection } from 'mongoose';
import type { ZBClient, ZBWorker } from 'zeebe-node';
import type { JSONDoc } from 'zeebe-node/dist/lib/interfaces-1.0';
import { creditCodeCheckCharacter } from '../../models/unified-social-credit-code';
import { processInstanceModel } from '../../models/process-instance';
import { surveyModel } from '../../models/survey';
import { userTaskModel } from '../../models/user-task';
import type { ApiClient } from './api-client';

/** The model the bench and the drills drive: 投诉处理, happy path (ordinary network complaint, satisfied). */
export const COMPLAINTS = 'complaint-handling';

/** The demo customer Guangzhou Metro (web/server/demo), so the real workers find a customer and contacts. */
export const DEMO_CUSTOMER = `91440101MA59ABCD1${creditCodeCheckCharacter('91440101MA59ABCD1')}`;

export function complaintIntake(grade: 'ordinary' | 'serious' | 'grave' = 'ordinary', run = 'bench') {
  return {
    benchRun: run,
    customerId: DEMO_CUSTOMER,
    customerName: '广州地铁集团 Guangzhou Metro Group',
    industry: 'transport',
    city: 'gz',
    accountManager: 'am.gz',
    contactPhone: '13800138000',
    channel: 'hotline',
    category: 'network',
    grade,
    description: '专线频繁中断 The dedicated line drops several times a day',
  };
}

/** What the handler submits on each task's form (processes/complaint-handling/*.form). */
export const FORM_ANSWERS: Record<string, Record<string, unknown>> = {
  Task_GradeComplaint: {
    category: 'network',
    grade: 'ordinary',
    cause: '光缆被施工挖断 Fibre cut by road works',
  },
  Task_HandleFault: {
    faultCause: '光缆中断 Fibre cut',
    actionTaken: '抢修熔接并切换备用路由 Spliced and rerouted',
    firstTimeResolved: true,
  },
  Task_ConfirmResolution: {
    resolutionCode: 'fixed',
    resolutionSummary: '线路已恢复 Line restored and watched',
  },
  Task_EscalatedHandling: {
    escalationInstruction: '督办 Handle today',
    actionTaken: '已处理 Spliced and rerouted',
  },
  Task_PhoneCallback: { satisfaction: 5, resolved: true, callbackNote: '满意 satisfied' },
};

/** Counts of what an inbox driver did, for the no-double-completion checks. */
export interface InboxDriverCounts {
  completed: number;
  /** Completions the API accepted for a task it had accepted one for already (must stay 0). */
  doubleCompleted: number;
  surveysAnswered: number;
  /** Answers (status → count) other than 204/201 and the expected 409 of a lost race. */
  errors: Map<string, number>;
}

export interface InboxDriver {
  counts: InboxDriverCounts;
  stop(): Promise<void>;
}

/**
 * Staff working their inboxes through the API: every open complaint task the assigner has given someone is
 * completed by that person with its form's answers (POST /api/tasks/:id/complete), and every survey sent is
 * answered by its customer on the public page (each customer from an address of their own, on loopback).
 * Tasks are found in the projection (one cheap query a tick), so the driver adds no inbox load of its own.
 */
export function startInboxDriver(deps: {
  api: ApiClient;
  db: Connection;
  /** Only these task elements are completed (the SLA figure leaves the fault tasks to breach). */
  elements?: readonly string[];
  answerSurveys?: boolean;
  grade?: string;
  tickMs?: number;
  concurrency?: number;
}): InboxDriver {
  const counts: InboxDriverCounts = {
    completed: 0,
    doubleCompleted: 0,
    surveysAnswered: 0,
    errors: new Map(),
  };
  const accepted = new Set<string>();
  const inFlight = new Set<string>();
  const answered = new Set<string>();
  const elements = deps.elements ?? Object.keys(FORM_ANSWERS);
  let stopped = false;
  let customer = 0;
  const error = (what: string) => counts.errors.set(what, (counts.errors.get(what) ?? 0) + 1);

  const completeOne = async (task: { _id: string; assignee: string; elementId: string }) => {
    const answers =
      task.elementId === 'Task_GradeComplaint' && deps.grade
        ? { ...FORM_ANSWERS.Task_GradeComplaint, grade: deps.grade }
        : FORM_ANSWERS[task.elementId];
    const res = await deps.api
      .request('POST', `/api/tasks/${task._id}/complete`, { as: task.assignee, body: { variables: answers } })
      .catch((err: Error) => ({ status: 0, body: err.message, ms: 0 }));
    if (res.status === 204) {
      if (accepted.has(task._id)) counts.doubleCompleted++;
      accepted.add(task._id);
      counts.completed++;
    } else if (res.status !== 409) error(`complete ${res.status}`);
  };

  const answerOne = async (survey: { _id: string; token: string }) => {
    customer++;
    const res = await deps.api
      .request('POST', `/api/surveys/${survey.token}`, {
        body: { satisfaction: 5, resolved: true, comment: '满意 good' },
        // each customer answers from a device of their own (the public page is rate-limited per address)
        headers: {
          'x-forwarded-for': `127.${(customer >> 16) & 255}.${(customer >> 8) & 255}.${customer & 255}`,
        },
      })
      .catch((err: Error) => ({ status: 0, body: err.message, ms: 0 }));
    if (res.status === 201) {
      answered.add(survey._id);
      counts.surveysAnswered++;
    } else if (res.status === 409) answered.add(survey._id);
    else error(`survey ${res.status}`);
  };

  const tick = async () => {
    const tasks = await userTaskModel(deps.db)
      .find(
        { bpmnProcessId: COMPLAINTS, state: 'open', assignee: { $ne: null }, elementId: { $in: elements } },
        { assignee: 1, elementId: 1 },
      )
      .limit(500)
      .lean<{ _id: string; assignee: string; elementId: string }[]>();
    const work: Promise<void>[] = [];
    for (const task of tasks) {
      if (inFlight.has(task._id) || accepted.has(task._id)) continue;
      inFlight.add(task._id);
      work.push(completeOne(task).finally(() => inFlight.delete(task._id)));
      if (work.length >= (deps.concurrency ?? 4)) break;
    }
    if (deps.answerSurveys !== false) {
      const surveys = await surveyModel(deps.db)
        .find({ bpmnProcessId: COMPLAINTS, answeredAt: null }, { token: 1 })
        .limit(200)
        .lean<{ _id: string; token: string }[]>();
      for (const survey of surveys) if (!answered.has(survey._id)) work.push(answerOne(survey));
    }
    await Promise.all(work);
  };

  const loop = (async () => {
    while (!stopped) {
      await tick().catch((err: Error) => error(`driver ${err.message.slice(0, 60)}`));
      await new Promise((resolve) => setTimeout(resolve, deps.tickMs ?? 100));
    }
  })();
  return {
    counts,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** The job types of the complaint model's happy path and branches. */
const COMPLAINT_JOB_TYPES = [
  'gcflow.notify.staff',
  'gcflow.sla.compute-deadlines',
  'gcflow.notify.customer',
  'gcflow.sla.record-warning',
  'gcflow.sla.escalate',
  'gcflow.survey.send',
  'gcflow.report.generate',
  'gcflow.knowledge.archive',
] as const;

/**
 * The reference: the same model with no-op workers completing every job at once, user tasks included (with
 * the form's answers), and the customer answering the survey the moment it is sent. Only the engine works.
 */
export function startNoopWorkers(zbc: ZBClient): { close(): Promise<void> } {
  const far = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
  const outputs = (type: string, job: { processInstanceKey: string; elementId: string }): JSONDoc => {
    if (type === 'gcflow.sla.compute-deadlines') return { slaWarnAt: far(), slaDueAt: far() };
    if (type === 'gcflow.survey.send') return { surveyCorrelationKey: `noop-${job.processInstanceKey}` };
    if (type === 'io.camunda.zeebe:userTask') return (FORM_ANSWERS[job.elementId] ?? {}) as JSONDoc;
    return {};
  };
  const workers: ZBWorker<JSONDoc, JSONDoc, JSONDoc>[] = [
    ...COMPLAINT_JOB_TYPES,
    'io.camunda.zeebe:userTask',
  ].map((type) =>
    zbc.createWorker<JSONDoc, JSONDoc, JSONDoc>({
      taskType: type,
      loglevel: 'NONE',
      maxJobsToActivate: 32,
      pollInterval: 100,
      fetchVariable: ['benchRun'],
      taskHandler: async (job) => {
        const done = await job.complete(outputs(type, job));
        if (type === 'gcflow.survey.send') {
          await zbc.publishMessage({
            name: 'survey-answered',
            correlationKey: `noop-${job.processInstanceKey}`,
            variables: { satisfaction: 5, resolved: true },
            timeToLive: 60_000,
          });
        }
        return done;
      },
    }),
  );
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close(2000)));
    },
  };
}

/**
 * Starts `count` complaints, `perSecond` a second, and waits (bounded) until the projection has them all
 * ended. The rate is the broker's own: instances over the span from the first start to the last end, both
 * broker timestamps, so the projection's lag does not count.
 */
export async function runComplaints(
  zbc: ZBClient,
  db: Connection,
  options: { count: number; perSecond: number; timeoutMs: number },
): Promise<{ completed: number; failed: number; seconds: number; perSecond: number }> {
  const keys: string[] = [];
  let failed = 0;
  const began = Date.now();
  for (let i = 0; i < options.count; i++) {
    const due = began + (i * 1000) / options.perSecond;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    try {
      const { processInstanceKey } = await zbc.createProcessInstance({
        bpmnProcessId: COMPLAINTS,
        variables: complaintIntake(),
      });
      keys.push(String(processInstanceKey));
    } catch {
      failed++;
    }
  }
  const instances = processInstanceModel(db);
  const deadline = began + options.timeoutMs;
  let completed = 0;
  while (Date.now() < deadline) {
    completed = await instances
      .countDocuments({ _id: { $in: keys }, state: 'COMPLETED' })
      .catch(() => completed);
    if (completed === keys.length) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const span = await instances
    .find({ _id: { $in: keys }, state: 'COMPLETED' }, { startedAt: 1, endedAt: 1 })
    .lean<{ startedAt: Date; endedAt: Date }[]>();
  const first = Math.min(...span.map((i) => i.startedAt.getTime()));
  const last = Math.max(...span.map((i) => i.endedAt.getTime()));
  const seconds = span.length ? (last - first) / 1000 : (Date.now() - began) / 1000;
  return { completed, failed: failed + keys.length - completed, seconds, perSecond: completed / seconds };
}
