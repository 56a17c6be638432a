/**
 * `autonomous_actions`: what PsiZero did on its own since the last briefing, read from the audit
 * log (entries whose actor is `system`), so every figure the briefing gives is a count or a sum of
 * entries a reader can look up by their sequence numbers.
 */
import type { AuditEntry, AuditFilter } from '../../../audit/index.ts';
import { ok, type BriefingSource } from './source.ts';

/** The audit kinds that report an action PsiZero takes on its own (money that moves, access it changes). */
export const ACTION_KINDS = [
  'charge_attempted',
  'invoice_written_off',
  'access_restricted',
  'access_restored',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface ActionEntry {
  seq: number;
  kind: ActionKind;
  at: number;
  /** For charges: what made it (billing_cycle, automatic_retry, card_update, manual_retry). */
  by: string | null;
  /** For charges: paid, declined, disputed, not_charged. */
  outcome: string | null;
  amountCents: number;
  customerId: string;
  invoiceId: string;
}

export interface AutonomousActionData {
  entries: ActionEntry[];
}

export interface AuditReads {
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}

const PAGE = 1_000;

export function autonomousActionsSource(audit: AuditReads): BriefingSource<AutonomousActionData> {
  return {
    name: 'autonomous_actions',
    title: 'autonomous actions',
    async collect(window) {
      const entries: ActionEntry[] = [];
      for (const kind of ACTION_KINDS) {
        for (let afterSeq = 0; ;) {
          const page = await audit.list({
            kind,
            actor: 'system',
            atFrom: window.since,
            atBefore: window.asOf,
            afterSeq,
            limit: PAGE,
          });
          for (const e of page) {
            const entry = actionEntry(e);
            if (entry !== null) entries.push(entry);
          }
          if (page.length < PAGE) break;
          afterSeq = page.at(-1)!.seq;
        }
      }
      return ok({ entries: entries.sort((a, b) => a.seq - b.seq) });
    },
  };
}

function actionEntry(e: AuditEntry): ActionEntry | null {
  const base = { seq: e.seq, at: e.at };
  switch (e.kind) {
    case 'charge_attempted':
      return {
        ...base,
        kind: e.kind,
        by: e.data.by,
        outcome: e.data.outcome,
        amountCents: e.data.amountCents,
        customerId: e.data.customer.id,
        invoiceId: e.data.invoice.id,
      };
    case 'invoice_written_off':
    case 'access_restricted':
    case 'access_restored':
      return {
        ...base,
        kind: e.kind,
        by: null,
        outcome: null,
        amountCents: e.data.amountCents,
        customerId: e.data.customer.id,
        invoiceId: e.data.invoice.id,
      };
    default:
      return null;
  }
}
