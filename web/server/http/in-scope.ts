import type { Model } from 'mongoose';
import { AppError } from '../app-error';
import { cityFilter, type Principal } from './principal';

/**
 * The document `id` of `model` if it lies in the principal's city scope; otherwise 404, the same answer
 * as for an unknown id, so city staff cannot probe for another city's records.
 */
export async function findInScope<T>(
  model: Model<T>,
  principal: Principal,
  id: string,
  what: string,
): Promise<T & { _id: string }> {
  const row = await model.findOne({ _id: id, ...cityFilter(principal) }).lean<T & { _id: string }>();
  if (!row) throw new AppError(404, 'not_found', `no ${what} ${id}`);
  return row;
}
