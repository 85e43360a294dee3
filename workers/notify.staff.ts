import { staffModel } from '../models/staff';
import { activationKey, settleJob } from './job-outcome';
import { defineJobWorker } from './job-worker';
import { notifyStaff } from './notify/notifier';
import { managersAt } from './people';

export interface NotifyStaffIn {
  /** Candidate group to tell (`manager`, `industry-manager`, …), as the model's input mapping sets it. */
  recipientGroup?: string;
  /** Usernames to tell besides the group. */
  recipients?: string[];
  city?: string;
  customerName?: string;
  grade?: string;
  accountManager?: string;
}
export interface NotifyStaffHeaders {
  template: string;
}
export interface NotifyStaffOut {
  staffNotified: string[];
}

/**
 * `gcflow.notify.staff`: a notice to staff in their inbox and by e-mail, once per activation. The group's
 * active members in the customer's city are told, the province level when the city has none.
 */
export const notifyStaffWorker = defineJobWorker<NotifyStaffIn, NotifyStaffHeaders, NotifyStaffOut>({
  jobType: 'gcflow.notify.staff',
  fetchVariable: ['recipientGroup', 'recipients', 'city', 'customerName', 'grade', 'accountManager'],
  createHandler: (deps) => (job) =>
    settleJob(job, deps, async () => {
      const { recipientGroup, city } = job.variables;
      let group: string[] = [];
      if (recipientGroup === 'manager') group = await managersAt(deps.mongo, 'city', city);
      else if (recipientGroup) {
        const members = await staffModel(deps.mongo)
          .find({ roles: recipientGroup, active: true }, { username: 1, city: 1, level: 1 })
          .lean();
        const local = members.filter((m) => m.level === 'city' && m.city === city);
        group = (local.length > 0 ? local : members.filter((m) => m.level === 'province')).map(
          (m) => m.username,
        );
      }
      const recipients = [...new Set([...group, ...(job.variables.recipients ?? [])])].sort();
      await notifyStaff(deps, recipients, {
        idempotencyKey: activationKey(job, job.customHeaders.template),
        template: job.customHeaders.template,
        variables: { ...job.variables },
        processInstanceKey: job.processInstanceKey,
      });
      return { staffNotified: recipients };
    }),
});
