import type { Connection } from 'mongoose';
import { customerModel } from '../models/customer';
import { staffModel } from '../models/staff';
import type { StaffMember } from './assignment/decide-assignee';

/**
 * Managers to tell at a level: the active managers of the city company (`city`), or of the province company
 * (`province`, and as a fallback when a city has none).
 */
export async function managersAt(
  mongo: Connection,
  level: 'city' | 'province',
  city: string | null | undefined,
): Promise<string[]> {
  const staff = staffModel(mongo);
  const active = { roles: 'manager', active: true };
  if (level === 'city' && city) {
    const local = await staff.find({ ...active, level: 'city', city }, { username: 1 }).lean();
    if (local.length > 0) return local.map((s) => s.username).sort();
  }
  const province = await staff.find({ ...active, level: 'province' }, { username: 1 }).lean();
  return province.map((s) => s.username).sort();
}

/** The manager of a staff member, when on record. */
export async function managerOf(
  mongo: Connection,
  username: string | null | undefined,
): Promise<string | null> {
  if (!username) return null;
  const person = await staffModel(mongo).findOne({ username }, { managerUsername: 1 }).lean();
  return person?.managerUsername ?? null;
}

/** Where a customer can be reached: the process's contact first, else the customer's first contact person. */
export async function customerContact(
  mongo: Connection,
  variables: { customerId?: string; contactPhone?: string; contactEmail?: string },
): Promise<{ mobile: string | null; email: string | null }> {
  let mobile = variables.contactPhone ?? null;
  let email = variables.contactEmail ?? null;
  if ((!mobile || !email) && variables.customerId) {
    const customer = await customerModel(mongo).findById(variables.customerId, { people: 1 }).lean();
    const person = customer?.people.find((p) => p.careLevel === 'contact') ?? customer?.people[0];
    mobile ??= person?.mobile ?? null;
    email ??= person?.email ?? null;
  }
  return { mobile, email };
}

/** Staff as the assignment rules see them, each with their open tasks from the projection. */
export async function loadStaffMembers(mongo: Connection, projection: Connection): Promise<StaffMember[]> {
  const [people, open] = await Promise.all([
    staffModel(mongo).find().lean(),
    projection
      .collection<{ assignee: string | null; slaState?: string | null; _id: string }>('usertasks')
      .find({ state: 'open', assignee: { $ne: null } }, { projection: { assignee: 1, slaState: 1 } })
      .toArray(),
  ]);
  return people.map((p) => ({
    username: p.username,
    roles: p.roles,
    city: p.city ?? null,
    level: p.level,
    industries: p.industries,
    products: p.products,
    active: p.active,
    onLeave: p.onLeave,
    openTasks: open
      .filter((t) => t.assignee === p.username)
      .map((t) => ({
        taskKey: String(t._id),
        slaState: (t.slaState ?? null) as StaffMember['openTasks'][number]['slaState'],
      })),
  }));
}
