import type { Connection } from 'mongoose';
import { REPORT_KINDS, reportArtifactModel, type ReportKind } from '../models/report-artifact';
import { taskAttachmentModel } from '../models/task-attachment';
import { ConfigurationError } from './business-errors';
import { isDuplicateKey } from '../models/duplicate-key';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { attachmentRefs } from './reports/attachments';
import { REPORT_CONTENT, REPORT_VARIABLES, sectionText } from './reports/report-content';

/** The variables reports are made of, plus the customer and any attachments uploaded in task forms. */
export type GenerateReportIn = Record<string, unknown> & {
  customerId?: string;
  customerName?: string;
  industry?: string;
  category?: string;
  grade?: string;
  attachments?: unknown;
};
export interface GenerateReportHeaders {
  reportKind: ReportKind;
}
export interface GenerateReportOut {
  reportArtifactId: string;
  reportVersion: number;
}

/** Sales stage of a process, for the knowledge map. */
export const SALES_STAGE_OF_PROCESS: Record<string, 'pre-sales' | 'in-sales' | 'after-sales'> = {
  'requirement-mining': 'pre-sales',
  'solution-design': 'pre-sales',
  'product-trial': 'in-sales',
  'group-customer-project': 'in-sales',
  'marketing-campaign': 'pre-sales',
  'complaint-handling': 'after-sales',
  'key-customer-care': 'after-sales',
};

/**
 * `gcflow.report.generate`: stores the named report from the process variables as a new version of the
 * instance's report of that kind, with authors (who did the tasks), the tasks and their attachments.
 * The version's id is its activation, so a retried job stores nothing twice.
 */
export const generateReportWorker = defineJobWorker<
  GenerateReportIn,
  GenerateReportHeaders,
  GenerateReportOut
>({
  jobType: 'gcflow.report.generate',
  fetchVariable: [
    ...REPORT_VARIABLES,
    'customerId',
    'customerName',
    'industry',
    'category',
    'grade',
    'attachments',
  ],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const kind = job.customHeaders.reportKind;
      if (!(REPORT_KINDS as readonly string[]).includes(kind)) {
        throw new ConfigurationError(`reportKind "${String(kind)}" is not one of ${REPORT_KINDS.join(', ')}`);
      }
      const reports = reportArtifactModel(deps.mongo);
      const _id = `${kind}/${job.elementInstanceKey}`;
      const existing = await reports.findById(_id, { version: 1 }).lean();
      if (existing) return { reportArtifactId: _id, reportVersion: existing.version };

      const projection = deps.projection ?? deps.mongo;
      const tasks = await projection
        .collection<{ _id: string; assignee: string | null }>('usertasks')
        // not only `completed`: the task completed just before this job may not be projected yet
        .find({ processInstanceKey: job.processInstanceKey, state: { $ne: 'canceled' } })
        .sort({ closedAt: 1 })
        .toArray();
      const variables: Record<string, unknown> = {
        ...job.variables,
        categoryAndGrade:
          job.variables.category || job.variables.grade
            ? `${job.variables.category ?? ''} / ${job.variables.grade ?? ''}`
            : undefined,
      };
      const content = REPORT_CONTENT[kind];
      const previous = await reports.countDocuments({ processInstanceKey: job.processInstanceKey, kind });
      try {
        await reports.create({
          _id,
          kind,
          version: previous + 1,
          title: {
            zh: `${content.title.zh}：${job.variables.customerName ?? job.processInstanceKey}`,
            en: `${content.title.en}: ${job.variables.customerName ?? job.processInstanceKey}`,
          },
          sections: content.sections
            .map(([heading, name]) => ({ heading, body: sectionText(variables[name]) }))
            .filter((s) => s.body !== ''),
          authors: [...new Set(tasks.flatMap((t) => (t.assignee ? [t.assignee] : [])))],
          processInstanceKey: job.processInstanceKey,
          bpmnProcessId: job.bpmnProcessId,
          elementInstanceKey: job.elementInstanceKey,
          taskKeys: tasks.map((t) => String(t._id)),
          customerId: job.variables.customerId ?? null,
          industry: job.variables.industry ?? null,
          salesStage: SALES_STAGE_OF_PROCESS[job.bpmnProcessId] ?? null,
          attachments: await withTaskAttachments(
            deps.mongo,
            job.processInstanceKey,
            job.variables.attachments,
          ),
          createdAt: deps.now(),
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const stored = (await reports.findById(_id, { version: 1 }).lean())!;
      return { reportArtifactId: _id, reportVersion: stored.version };
    }),
});

/**
 * The attachments a report keeps: those its variables name, and every file uploaded in the instance's task
 * screens (taskattachments, same GridFS bucket), oldest first, each once.
 */
async function withTaskAttachments(mongo: Connection, processInstanceKey: string, fromVariables: unknown) {
  const uploaded = await taskAttachmentModel(mongo)
    .find({ processInstanceKey }, { filename: 1, contentType: 1, size: 1, uploadedBy: 1 })
    .sort({ uploadedAt: 1 })
    .lean();
  const refs = [
    ...attachmentRefs(fromVariables),
    ...uploaded.map((a) => ({
      fileId: a._id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      uploadedBy: a.uploadedBy,
    })),
  ];
  return refs.filter((ref, i) => refs.findIndex((r) => r.fileId === ref.fileId) === i);
}
