import type { WriteContext, Item, Rejection } from './context.ts';
import { chunked } from './bulk.ts';

/** The subset of `ids` that exist as customers. */
export async function knownCustomerIds(ctx: WriteContext, ids: Iterable<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunked([...new Set(ids)])) {
    const rows = await ctx.trx.selectFrom('customers').select('id').where('id', 'in', part).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** Splits items into those whose customer exists and rejections naming the unknown customer. */
export async function requireCustomers<R extends { customerId: string }>(
  ctx: WriteContext,
  items: readonly Item<R>[],
): Promise<{ kept: Item<R>[]; rejected: Rejection[] }> {
  const known = await knownCustomerIds(
    ctx,
    items.map((i) => i.record.customerId),
  );
  const kept: Item<R>[] = [];
  const rejected: Rejection[] = [];
  for (const item of items) {
    if (known.has(item.record.customerId)) kept.push(item);
    else
      rejected.push({
        index: item.index,
        issues: [{ path: 'customerId', message: `unknown customer '${item.record.customerId}'` }],
      });
  }
  return { kept, rejected };
}
