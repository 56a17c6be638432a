/**
 * "Autonomous actions completed": what PsiZero did on its own since the last briefing, counted
 * from the audit entries the actions wrote. Each line keeps the sequence numbers of the entries it
 * counts, so every figure can be looked up in the audit log.
 */
import { formatValue, plural } from './briefing-words.ts';
import type { Topic } from './metric-definitions.ts';
import type { ActionEntry, CustomerHealthData } from './sources/index.ts';

export const ACTION_IDS = [
  'invoices_processed',
  'payments_recovered',
  'invoices_written_off',
  'access_restricted',
  'access_restored',
  'health_scores_updated',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface ActionSummary {
  id: ActionId;
  topics: Topic[];
  count: number;
  /** Money involved, in cents; null when the action moves none. */
  cents: number | null;
  text: string;
  /** Audit entries counted (empty for figures another workflow reports). */
  auditSeqs: number[];
}

/** A retry PsiZero made on its own schedule, or the charge it made at once on a customer's new card. */
const RECOVERY_CHARGES = new Set(['automatic_retry', 'card_update']);

export function autonomousActions(entries: readonly ActionEntry[], health: CustomerHealthData | null): ActionSummary[] {
  const out: ActionSummary[] = [];
  const usd = (cents: number) => formatValue(cents, 'usd_cents');
  const add = (
    id: ActionId,
    topics: Topic[],
    picked: readonly ActionEntry[],
    text: (n: number, cents: number) => string,
    money = true,
  ) => {
    if (picked.length === 0) return;
    const cents = picked.reduce((s, e) => s + e.amountCents, 0);
    out.push({
      id,
      topics,
      count: picked.length,
      cents: money ? cents : null,
      text: text(picked.length, cents),
      auditSeqs: picked.map((e) => e.seq),
    });
  };
  const charges = entries.filter((e) => e.kind === 'charge_attempted');
  const cycle = charges.filter((e) => e.by === 'billing_cycle');
  add('invoices_processed', ['billing'], cycle, (n, cents) => {
    const paid = cycle.filter((e) => e.outcome === 'paid');
    const paidCents = paid.reduce((s, e) => s + e.amountCents, 0);
    const rest = n - paid.length;
    return `Processed ${plural(n, 'invoice')} (${usd(cents)} total): ${formatValue(paid.length, 'count')} paid (${usd(paidCents)})${rest > 0 ? `, ${formatValue(rest, 'count')} handed to payment recovery` : ''}`;
  });
  add(
    'payments_recovered',
    ['recovery'],
    charges.filter((e) => RECOVERY_CHARGES.has(e.by ?? '') && e.outcome === 'paid'),
    (n, cents) => `Recovered ${plural(n, 'failed payment')} (${usd(cents)})`,
  );
  add(
    'invoices_written_off',
    ['recovery'],
    entries.filter((e) => e.kind === 'invoice_written_off'),
    (n, cents) => `Wrote off ${plural(n, 'unpaid invoice')} (${usd(cents)}) within the Level 1 limit`,
  );
  add(
    'access_restricted',
    ['billing'],
    entries.filter((e) => e.kind === 'access_restricted'),
    (n) => `Restricted API access ${n === 1 ? 'once' : `${formatValue(n, 'count')} times`} for unpaid invoices`,
    false,
  );
  add(
    'access_restored',
    ['billing'],
    entries.filter((e) => e.kind === 'access_restored'),
    (n) => `Restored full access ${n === 1 ? 'once' : `${formatValue(n, 'count')} times`} after payment or write-off`,
    false,
  );
  if (health !== null && health.scoresUpdated > 0)
    out.push({
      id: 'health_scores_updated',
      topics: ['health'],
      count: health.scoresUpdated,
      cents: null,
      text: `Updated ${plural(health.scoresUpdated, 'customer health score')}`,
      auditSeqs: [],
    });
  return out;
}
