import bcrypt from 'bcryptjs';
import type { Connection } from 'mongoose';
import { customerModel } from '../../../models/customer';
import { staffModel } from '../../../models/staff';
import { creditCodeCheckCharacter } from '../../../models/unified-social-credit-code';
import { DEMO_CUSTOMERS, DEMO_STAFF } from './demo-data';

/**
 * Demo accounts and customers for a local run. Refuses production outright; idempotent (an existing
 * account keeps its password and state, so a second start changes nothing).
 */
export async function seedDemoData(
  mongo: Connection,
  options: { nodeEnv: string; demoPassword: string },
): Promise<{ staffCreated: number; customersCreated: number }> {
  if (options.nodeEnv === 'production') throw new Error('the demo seed never runs in production');
  const passwordHash = await bcrypt.hash(options.demoPassword, 10);
  const staff = staffModel(mongo);
  let staffCreated = 0;
  for (const person of DEMO_STAFF) {
    const result = await staff.updateOne(
      { username: person.username },
      {
        $setOnInsert: {
          ...person,
          passwordHash,
          level: person.city ? 'city' : 'province',
          active: true,
          onLeave: false,
        },
      },
      { upsert: true },
    );
    staffCreated += result.upsertedCount;
  }
  const customers = customerModel(mongo);
  let customersCreated = 0;
  for (const { code17, ...customer } of DEMO_CUSTOMERS) {
    const _id = code17 + creditCodeCheckCharacter(code17);
    const result = await customers.updateOne(
      { _id },
      { $setOnInsert: { _id, ...customer } },
      { upsert: true },
    );
    customersCreated += result.upsertedCount;
  }
  return { staffCreated, customersCreated };
}
