import type { Connection } from 'mongoose';
import { accountManagerProposalModel } from '../../../models/account-manager-proposal';
import { customerModel } from '../../../models/customer';
import { staffModel } from '../../../models/staff';
import { decideAssignee, type StaffMember } from '../../../workers/assignment/decide-assignee';
import { assignTask, type OpenTask } from '../../../workers/assignment/task-assigner';
import { notifyStaff } from '../../../workers/notify/notifier';
import { loadStaffMembers, managersAt } from '../../../workers/people';
import { AppError } from '../app-error';

/** What recording a departure needs: staff and proposals in `mongo`, open tasks in `projection`. */
export interface DepartureDeps {
  mongo: Connection;
  projection: Connection;
  log: (line: string) => void;
  now: () => Date;
}

/** What one departure did. */
export interface DepartureResult {
  username: string;
  disabledAt: string;
  reassigned: { taskKey: string; elementId: string; assignee: string | null; rule: string }[];
  proposals: { customerId: string; proposedUsername: string | null }[];
}

/**
 * An HR departure: disables the account at once (the API refuses its tokens from now on), reassigns every
 * open task the person held by the task's own rules in one pass, and proposes a new account manager for each
 * customer they owned, for a manager to confirm. Safe to repeat: decisions and proposals are keyed by task or
 * customer and the departed username.
 */
export async function recordDeparture(
  deps: DepartureDeps,
  { username, actor }: { username: string; actor: string },
): Promise<DepartureResult> {
  const staff = staffModel(deps.mongo);
  const person = await staff.findOne({ username }).lean();
  if (!person) throw new AppError(404, 'staff_not_found', `no staff member ${username}`);
  const now = deps.now();
  await staff.updateOne({ username, departedAt: null }, { $set: { departedAt: now } });
  await staff.updateOne({ username }, { $set: { active: false } });
  deps.log(`departure of ${username} recorded by ${actor}`);

  // one staff snapshot for the pass, so the tasks spread over the remaining people by load
  const pool = (await loadStaffMembers(deps.mongo, deps.projection)) as {
    -readonly [K in keyof StaffMember]: StaffMember[K];
  }[];
  const open = await deps.projection
    .collection<OpenTask & { state: string }>('usertasks')
    .find({ state: 'open', assignee: username })
    .sort({ createdAt: 1 })
    .toArray();
  const reassigned: DepartureResult['reassigned'] = [];
  for (const task of open) {
    const outcome = await assignTask(
      deps,
      { ...task, _id: String(task._id) },
      { cause: 'departure', departed: username, staff: pool },
    );
    reassigned.push({ taskKey: String(task._id), elementId: task.elementId, ...outcome });
  }

  const proposals: DepartureResult['proposals'] = [];
  const owned = await customerModel(deps.mongo).find({ accountManager: username }).lean();
  // an account manager's load for the proposal is the customers they own
  const owners = await customerModel(deps.mongo).aggregate<{ _id: string; count: number }>([
    { $match: { accountManager: { $ne: null } } },
    { $group: { _id: '$accountManager', count: { $sum: 1 } } },
  ]);
  const customerLoad = pool.map((member) => ({
    ...member,
    openTasks: Array.from({ length: owners.find((o) => o._id === member.username)?.count ?? 0 }, () => ({
      slaState: null,
    })),
  }));
  for (const customer of owned) {
    const decision = decideAssignee(
      {
        candidateGroups: ['account-manager'],
        assignmentRule: 'least-loaded',
        variables: { city: customer.city, industry: customer.industry },
      },
      { staff: customerLoad },
    );
    const _id = `${customer._id}/${username}`;
    await accountManagerProposalModel(deps.mongo).updateOne(
      { _id },
      {
        $setOnInsert: {
          customerId: customer._id,
          city: customer.city,
          departedUsername: username,
          proposedUsername: decision.assignee,
          reason: decision.reason,
          proposedAt: now,
        },
      },
      { upsert: true },
    );
    const chosen = customerLoad.find((m) => m.username === decision.assignee);
    if (chosen) chosen.openTasks = [...chosen.openTasks, { slaState: null }];
    const stored = (await accountManagerProposalModel(deps.mongo).findById(_id).lean())!;
    proposals.push({ customerId: customer._id, proposedUsername: stored.proposedUsername ?? null });
    await notifyStaff(deps, await managersAt(deps.mongo, 'city', customer.city), {
      idempotencyKey: `departure/${_id}`,
      template: 'account-manager-proposal',
      variables: {
        departed: username,
        customerId: customer._id,
        proposed: stored.proposedUsername ?? '（待定 to be chosen）',
      },
    });
  }
  return { username, disabledAt: now.toISOString(), reassigned, proposals };
}

/**
 * A manager confirms a proposal (optionally choosing someone else): the customer gets the new account
 * manager. Confirming twice changes nothing.
 */
export async function confirmAccountManagerProposal(
  deps: Pick<DepartureDeps, 'mongo' | 'now'>,
  { proposalId, actor, username }: { proposalId: string; actor: string; username?: string },
): Promise<{ customerId: string; accountManager: string }> {
  const proposals = accountManagerProposalModel(deps.mongo);
  const proposal = await proposals.findById(proposalId).lean();
  if (!proposal) throw new AppError(404, 'proposal_not_found', `no proposal ${proposalId}`);
  if (proposal.status === 'confirmed') {
    return { customerId: proposal.customerId, accountManager: proposal.confirmedUsername! };
  }
  const chosen = username ?? proposal.proposedUsername;
  if (!chosen)
    throw new AppError(400, 'account_manager_required', 'nobody was proposed: name the account manager');
  const person = await staffModel(deps.mongo).findOne({ username: chosen, active: true }).lean();
  if (!person) throw new AppError(400, 'account_manager_inactive', `${chosen} is not an active staff member`);
  await customerModel(deps.mongo).updateOne(
    { _id: proposal.customerId },
    { $set: { accountManager: chosen } },
  );
  await proposals.updateOne(
    { _id: proposalId, status: 'proposed' },
    { $set: { status: 'confirmed', confirmedBy: actor, confirmedUsername: chosen, confirmedAt: deps.now() } },
  );
  return { customerId: proposal.customerId, accountManager: chosen };
}
