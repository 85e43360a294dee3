import { supportOrderModel } from '../models/support-order';
import { roundRobinCursorModel } from '../models/assignment-decision';
import { decideAssignee } from './assignment/decide-assignee';
import { BusinessError } from './business-errors';
import { activationKey, settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { notifyStaff } from './notify/notifier';
import { loadStaffMembers, managersAt } from './people';

/** Order kinds the back office answers from standard data at once (seed 001: standard requests). */
export const STANDARD_ORDER_KINDS = ['coverage-check', 'tariff-query', 'number-resource-query'] as const;

export interface DispatchSupportOrderIn {
  supportRequest?: string;
  customerId?: string;
  city?: string;
  industry?: string;
}
export interface DispatchSupportOrderHeaders {
  orderKind: string;
}
export interface DispatchSupportOrderOut {
  supportOrderId: string;
  supportOrderStatus: 'completed' | 'dispatched' | 'unassigned';
  supportAssignee: string | null;
  supportFeedback: string | null;
}

/**
 * `gcflow.support-order.dispatch` (甩单): standard kinds complete at once with immediate feedback; complex
 * ones become a support order for the least-loaded support engineer of the customer's city (province as
 * fallback), who is told; with nobody eligible the order waits for the group and the managers are told.
 * An empty request is refused as a business outcome (`SUPPORT_ORDER_REJECTED`).
 */
export const dispatchSupportOrderWorker = defineJobWorker<
  DispatchSupportOrderIn,
  DispatchSupportOrderHeaders,
  DispatchSupportOrderOut
>({
  jobType: 'gcflow.support-order.dispatch',
  fetchVariable: ['supportRequest', 'customerId', 'city', 'industry'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const { orderKind } = job.customHeaders;
      const request = (job.variables.supportRequest ?? '').trim();
      if (!request)
        throw new BusinessError(
          'SUPPORT_ORDER_REJECTED',
          `support order ${orderKind} without a request text`,
        );
      const orders = supportOrderModel(deps.mongo);
      const _id = `${orderKind}/${job.elementInstanceKey}`;
      let order = await orders.findById(_id).lean();
      if (!order) {
        const standard = (STANDARD_ORDER_KINDS as readonly string[]).includes(orderKind);
        const base = {
          _id,
          orderKind,
          standard,
          request,
          customerId: job.variables.customerId ?? null,
          city: job.variables.city ?? null,
          processInstanceKey: job.processInstanceKey,
          createdAt: deps.now(),
        };
        if (standard) {
          await orders.updateOne(
            { _id },
            {
              $setOnInsert: {
                ...base,
                status: 'completed',
                feedback: `标准工单已自动处理 Standard order answered automatically (${orderKind})`,
                completedAt: deps.now(),
              },
            },
            { upsert: true },
          );
        } else {
          const staff = await loadStaffMembers(deps.mongo, deps.projection ?? deps.mongo);
          const decision = decideAssignee(
            {
              candidateGroups: ['support-engineer'],
              assignmentRule: 'least-loaded',
              variables: { city: job.variables.city, industry: job.variables.industry },
            },
            {
              staff,
              roundRobinCursor: (await roundRobinCursorModel(deps.mongo).findById('support-engineer').lean())
                ?.lastUsername,
            },
          );
          await orders.updateOne(
            { _id },
            {
              $setOnInsert: {
                ...base,
                status: decision.assignee ? 'dispatched' : 'unassigned',
                assignee: decision.assignee,
                assignmentReason: decision.reason,
              },
            },
            { upsert: true },
          );
        }
        order = (await orders.findById(_id).lean())!;
      }
      if (!order.standard) {
        const recipients = order.assignee
          ? [order.assignee]
          : await managersAt(deps.mongo, 'city', order.city);
        await notifyStaff(deps, recipients, {
          idempotencyKey: activationKey(job, 'support-order'),
          template: 'support-order-dispatched',
          variables: { orderId: _id, request },
          processInstanceKey: job.processInstanceKey,
        });
      }
      return {
        supportOrderId: _id,
        supportOrderStatus: order.status,
        supportAssignee: order.assignee ?? null,
        supportFeedback: order.feedback ?? null,
      };
    }),
});
