import { customerModel } from '../../../models/customer';
import { customerTouchModel } from '../../../models/customer-touch';
import { knowledgeItemModel } from '../../../models/knowledge-item';
import { processInstanceModel } from '../../../models/process-instance';
import type { ApiDeps } from '../api-deps';
import { afterCursor, encodeCursor } from '../http/cursor';
import { findInScope } from '../http/in-scope';
import { cityFilter, seesAllCities, type Principal } from '../http/principal';

export interface CustomerListQuery {
  industry?: string;
  city?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

/** A literal text for `$regex`: a search term is never a pattern. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listCustomers(deps: ApiDeps, principal: Principal, query: CustomerListQuery) {
  if (query.city && !seesAllCities(principal) && query.city !== principal.city)
    return { items: [], next: null };
  const filter: Record<string, unknown> = {
    ...(query.industry ? { industry: query.industry } : {}),
    ...(query.city ? { city: query.city } : {}),
    ...cityFilter(principal),
    ...afterCursor('_id', 1, query.cursor),
  };
  if (query.q) {
    const pattern = escapeRegex(query.q);
    filter.$and = [
      {
        $or: [
          { 'name.zh': { $regex: pattern } },
          { 'name.en': { $regex: pattern, $options: 'i' } },
          { _id: query.q },
        ],
      },
    ];
  }
  const rows = await customerModel(deps.mongo)
    .find(filter, { name: 1, industry: 1, city: 1, accountManager: 1, keyCustomer: 1 })
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((c) => ({
      id: c._id,
      name: c.name,
      industry: c.industry,
      city: c.city,
      accountManager: c.accountManager ?? null,
      keyCustomer: c.keyCustomer ?? false,
    })),
    next: rows.length > query.limit && last ? encodeCursor(last._id, last._id) : null,
  };
}

/** The unified customer view 统一客户视图: basics, people by care level, touches, services, open processes, cases. */
export async function customerView(deps: ApiDeps, principal: Principal, id: string) {
  const customer = await findInScope(customerModel(deps.mongo), principal, id, 'customer');
  const [touches, openProcesses, cases] = await Promise.all([
    customerTouchModel(deps.mongo).find({ customerId: id }).sort({ at: -1 }).limit(50).lean(),
    processInstanceModel(deps.mongo)
      .find({ customerId: id, state: 'ACTIVE' }, { bpmnProcessId: 1, startedAt: 1, city: 1 })
      .sort({ startedAt: -1 })
      .limit(50)
      .lean(),
    knowledgeItemModel(deps.mongo)
      .find({ customerId: id, library: 'case-library' }, { title: 1, summary: 1, createdAt: 1 })
      .sort({ createdAt: -1 })
      .limit(50)
      .lean(),
  ]);
  return {
    id: customer._id,
    name: customer.name,
    industry: customer.industry,
    city: customer.city,
    accountManager: customer.accountManager ?? null,
    keyCustomer: customer.keyCustomer ?? false,
    people: customer.people ?? [],
    services: customer.services ?? [],
    touches: touches.map((t) => ({
      kind: t.kind,
      summary: t.summary,
      by: t.by,
      at: t.at,
      processInstanceKey: t.processInstanceKey,
    })),
    openProcesses: openProcesses.map((p) => ({
      processInstanceKey: p._id,
      bpmnProcessId: p.bpmnProcessId,
      startedAt: p.startedAt ?? null,
    })),
    cases: cases.map((c) => ({ id: c._id, title: c.title, summary: c.summary, createdAt: c.createdAt })),
  };
}
