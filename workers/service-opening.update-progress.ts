import { serviceOpeningModel } from '../models/service-opening';
import { settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';

export interface UpdateProgressIn {
  customerId?: string;
  productId?: string;
  openingNote?: string;
}
export interface UpdateProgressHeaders {
  stage: string;
}
export interface UpdateProgressOut {
  serviceOpeningStage: string;
}

/**
 * `gcflow.service-opening.update-progress`: records the stage service opening reached, which the customer
 * can query. A stage is entered once per instance, so a retried job adds no second entry.
 */
export const updateServiceOpeningWorker = defineJobWorker<
  UpdateProgressIn,
  UpdateProgressHeaders,
  UpdateProgressOut
>({
  jobType: 'gcflow.service-opening.update-progress',
  fetchVariable: ['customerId', 'productId', 'openingNote'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const { stage } = job.customHeaders;
      const openings = serviceOpeningModel(deps.mongo);
      const now = deps.now();
      await openings.updateOne(
        { _id: job.processInstanceKey },
        {
          $setOnInsert: {
            customerId: job.variables.customerId ?? null,
            productId: job.variables.productId ?? null,
            stages: [],
          },
          $set: { updatedAt: now },
        },
        { upsert: true },
      );
      const opening = (await openings.findById(job.processInstanceKey).lean())!;
      if (!opening.stages.some((s) => s.stage === stage)) {
        await openings.updateOne(
          { _id: job.processInstanceKey },
          {
            $push: { stages: { stage, at: now, note: job.variables.openingNote ?? '' } },
            $set: { currentStage: stage },
          },
        );
      }
      return { serviceOpeningStage: stage };
    }),
});
