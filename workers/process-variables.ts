import type { Connection } from 'mongoose';

/**
 * Variables visible at an element instance, read from the projection: for each name the value of the
 * nearest scope, walking up the flow scopes (a multi-instance body sees its own `customerId`, not a
 * sibling's). Only the names asked for are read.
 */
export async function visibleVariables(
  projection: Connection,
  task: { processInstanceKey: string; elementInstanceKey: string },
  names: readonly string[],
): Promise<Record<string, unknown>> {
  const scopes: string[] = [];
  let key: string | null = task.elementInstanceKey;
  const elements = projection.collection<{ _id: string; flowScopeKey: string | null }>('elementinstances');
  for (let depth = 0; key && depth < 20; depth += 1) {
    scopes.push(key);
    const element: { flowScopeKey: string | null } | null = await elements.findOne(
      { _id: key },
      { projection: { flowScopeKey: 1 } },
    );
    key = element?.flowScopeKey ?? null;
  }
  if (!scopes.includes(task.processInstanceKey)) scopes.push(task.processInstanceKey);
  const rows = await projection
    .collection<{ name: string; scopeKey: string; value: unknown }>('processvariables')
    .find({
      processInstanceKey: task.processInstanceKey,
      scopeKey: { $in: scopes },
      name: { $in: [...names] },
    })
    .toArray();
  const found: Record<string, unknown> = {};
  for (const name of names) {
    const nearest = rows
      .filter((r) => r.name === name)
      .sort((a, b) => scopes.indexOf(a.scopeKey) - scopes.indexOf(b.scopeKey))[0];
    if (nearest && nearest.value !== null && nearest.value !== undefined) found[name] = nearest.value;
  }
  return found;
}
