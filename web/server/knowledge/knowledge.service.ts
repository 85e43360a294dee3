import { knowledgeItemModel } from '../../../models/knowledge-item';
import type { ApiDeps } from '../api-deps';
import { AppError } from '../app-error';
import { escapeRegex } from '../customers/customers.service';
import { afterCursor, encodeCursor } from '../http/cursor';

export interface KnowledgeQuery {
  q?: string;
  library?: string;
  industry?: string;
  salesStage?: string;
  templatesOnly?: boolean;
  limit: number;
  cursor?: string;
}

const LIST_FIELDS = {
  title: 1,
  summary: 1,
  library: 1,
  industry: 1,
  salesStage: 1,
  tags: 1,
  isTemplate: 1,
  viewCount: 1,
  createdAt: 1,
  process: 1,
};

function view(k: Record<string, unknown> & { _id: string }) {
  const { _id, ...rest } = k;
  return { id: _id, ...rest };
}

/** Knowledge search: literal text in title, summary or tags, narrowed by library, industry and sales stage. */
export async function searchKnowledge(deps: ApiDeps, query: KnowledgeQuery) {
  const filter: Record<string, unknown> = {
    ...(query.library ? { library: query.library } : {}),
    ...(query.industry ? { industry: query.industry } : {}),
    ...(query.salesStage ? { salesStage: query.salesStage } : {}),
    ...(query.templatesOnly ? { isTemplate: true } : {}),
    ...afterCursor('_id', 1, query.cursor),
  };
  if (query.q) {
    const pattern = escapeRegex(query.q);
    filter.$and = [
      {
        $or: [
          { 'title.zh': { $regex: pattern } },
          { 'title.en': { $regex: pattern, $options: 'i' } },
          { summary: { $regex: pattern, $options: 'i' } },
          { tags: query.q },
        ],
      },
    ];
  }
  const rows = await knowledgeItemModel(deps.mongo)
    .find(filter, LIST_FIELDS)
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .lean();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((k) => view(k as unknown as Record<string, unknown> & { _id: string })),
    next: rows.length > query.limit && last ? encodeCursor(last._id, last._id) : null,
  };
}

/** One item; reading it counts a view (the dynamic map's "most viewed"). */
export async function knowledgeItem(deps: ApiDeps, id: string) {
  const item = await knowledgeItemModel(deps.mongo)
    .findOneAndUpdate({ _id: id }, { $inc: { viewCount: 1 } }, { new: true })
    .lean();
  if (!item) throw new AppError(404, 'not_found', `no knowledge item ${id}`);
  return view(item as unknown as Record<string, unknown> & { _id: string });
}
