import { KNOWLEDGE_LIBRARIES, knowledgeItemModel, type KnowledgeLibrary } from '../models/knowledge-item';
import { reportArtifactModel } from '../models/report-artifact';
import { ConfigurationError } from './business-errors';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { SALES_STAGE_OF_PROCESS } from './report.generate';

export interface ArchiveKnowledgeIn {
  customerId?: string;
  customerName?: string;
  industry?: string;
  /** The report of this instance to file; the newest one when not given. */
  reportArtifactId?: string;
  category?: string;
  demandDescription?: string;
  description?: string;
  solutionTitle?: string;
  solutionSummary?: string;
  partnerName?: string;
}
export interface ArchiveKnowledgeHeaders {
  library: KnowledgeLibrary;
}
export interface ArchiveKnowledgeOut {
  knowledgeItemId: string;
}

/**
 * `gcflow.knowledge.archive`: files the case, demand, solution or partner in its library, tagged by
 * industry, process and sales stage, linked to the instance's newest report (which learns its item). The id
 * is the activation's, so filing again on a retry updates the same item.
 */
export const archiveKnowledgeWorker = defineJobWorker<
  ArchiveKnowledgeIn,
  ArchiveKnowledgeHeaders,
  ArchiveKnowledgeOut
>({
  jobType: 'gcflow.knowledge.archive',
  fetchVariable: [
    'customerId',
    'customerName',
    'industry',
    'reportArtifactId',
    'category',
    'demandDescription',
    'description',
    'solutionTitle',
    'solutionSummary',
    'partnerName',
  ],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const library = job.customHeaders.library;
      if (!(KNOWLEDGE_LIBRARIES as readonly string[]).includes(library)) {
        throw new ConfigurationError(
          `library "${String(library)}" is not one of ${KNOWLEDGE_LIBRARIES.join(', ')}`,
        );
      }
      const v = job.variables;
      const reports = reportArtifactModel(deps.mongo);
      const report = v.reportArtifactId
        ? await reports.findById(v.reportArtifactId).lean()
        : await reports
            .findOne({ processInstanceKey: job.processInstanceKey })
            .sort({ createdAt: -1 })
            .lean();
      const _id = `${library}/${job.processInstanceKey}/${job.elementInstanceKey}`;
      const subject =
        library === 'solutions'
          ? v.solutionTitle
          : library === 'partners'
            ? v.partnerName
            : library === 'customer-demand'
              ? v.demandDescription
              : v.description;
      const title = report?.title ?? {
        zh: `${subject ?? library}${v.customerName ? `（${v.customerName}）` : ''}`,
        en: `${subject ?? library}${v.customerName ? ` (${v.customerName})` : ''}`,
      };
      const summary = report
        ? report.sections.map((s) => `${s.heading}: ${s.body}`).join('\n')
        : (v.solutionSummary ?? subject ?? '');
      const items = knowledgeItemModel(deps.mongo);
      await items.updateOne(
        { _id },
        {
          $set: {
            library,
            title,
            summary,
            industry: v.industry ?? report?.industry ?? null,
            process: job.bpmnProcessId,
            salesStage: SALES_STAGE_OF_PROCESS[job.bpmnProcessId] ?? null,
            tags: [v.industry, job.bpmnProcessId, v.category, report?.kind].filter((t): t is string =>
              Boolean(t),
            ),
            customerId: v.customerId ?? null,
            processInstanceKey: job.processInstanceKey,
            reportArtifactId: report?._id ?? null,
          },
          $setOnInsert: { viewCount: 0, isTemplate: false, createdAt: deps.now() },
        },
        { upsert: true },
      );
      if (report) await reports.updateOne({ _id: report._id }, { $set: { knowledgeItemId: _id } });
      return { knowledgeItemId: _id };
    }),
});
