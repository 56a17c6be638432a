/**
 * Who sees what. The owner sees everything; finance sees revenue, billing and recovery; customer
 * success sees health, onboarding, support and expansion, and a customer-success manager only
 * their own customers (no company-wide figures: in the dashboard they see their customers only).
 * A person's audience comes from their directory roles, the broadest one winning; roles outside
 * this table (the board, a policy's own roles) get no daily briefing. Pure.
 */
import type { NewCustomer } from '../../domain/metrics/index.ts';
import type { ActionSummary } from './autonomous-actions.ts';
import { shortDay, shortTime } from './briefing-words.ts';
import type { BriefingModel, OpportunityItem, SourceStatus } from './compose-briefing.ts';
import type { EscalationCheck } from './escalation-checks.ts';
import { TOPICS, type Topic } from './metric-definitions.ts';
import type { MetricReport } from './metric-report.ts';
import type { FollowUpKey, OpenFollowUp, SourceName } from './sources/index.ts';

export const AUDIENCES = ['owner', 'finance', 'customer_success'] as const;
export type AudienceKind = (typeof AUDIENCES)[number];

export interface Audience {
  kind: AudienceKind;
  /** For a customer-success manager: the person whose customers they see; null: every customer. */
  csmId: string | null;
}

export const AUDIENCE_TOPICS: Readonly<Record<AudienceKind, readonly Topic[]>> = {
  owner: TOPICS,
  finance: ['revenue', 'billing', 'recovery'],
  customer_success: ['health', 'onboarding', 'support', 'expansion'],
};

/** Directory roles (the default policy's) and the briefing each gets. */
export const ROLE_AUDIENCES: Readonly<Record<string, AudienceKind>> = {
  owner: 'owner',
  ceo: 'owner',
  cfo: 'finance',
  finance_manager: 'finance',
  head_of_customer_success: 'customer_success',
  customer_success_manager: 'customer_success',
};

/** Roles whose holders see every customer although their audience is customer success. */
const ALL_CUSTOMERS = new Set(['head_of_customer_success']);

/** What each source's figures are about: an unavailable source matters to a reader of these topics. */
export const SOURCE_TOPICS: Readonly<Record<SourceName, readonly Topic[]>> = {
  overnight_revenue_metrics: ['revenue'],
  customer_health_changes: ['health'],
  api_performance_data: ['product', 'system'],
  support_ticket_volume: ['support'],
  system_health_status: ['system'],
  customer_growth: ['onboarding'],
  opportunities: ['onboarding', 'expansion'],
  autonomous_actions: ['billing', 'recovery'],
  approvals_waiting: TOPICS,
  follow_ups: ['onboarding', 'expansion'],
};

export interface Reader {
  id: string;
  name: string;
  roles: readonly string[];
}

/** The broadest audience among the person's roles, or null when none of them gets a briefing. */
export function audienceOf(reader: Pick<Reader, 'id' | 'roles'>): Audience | null {
  const kinds = reader.roles.map((r) => ROLE_AUDIENCES[r]).filter((k): k is AudienceKind => k !== undefined);
  const kind = AUDIENCES.find((a) => kinds.includes(a));
  if (kind === undefined) return null;
  const csmId = kind === 'customer_success' && !reader.roles.some((r) => ALL_CUSTOMERS.has(r)) ? reader.id : null;
  return { kind, csmId };
}

export interface FocusItem {
  kind: 'urgent' | 'approval' | 'follow_up' | 'upgrade';
  text: string;
  /** For approvals: when the decision is due. */
  deadline: number | null;
  /** What the item is about: an approval id, a customer id, or the escalation rule. */
  ref: string;
  /**
   * For a follow-up an earlier morning planned and nobody has closed: its task id and that
   * morning's date. Null for one this morning plans (the workflow records it as a task).
   */
  carried: { id: string; since: string } | null;
}

export interface PersonalBriefing {
  date: string;
  timezone: string;
  day: string;
  asOf: number;
  reader: { id: string; name: string; audience: Audience };
  /** Criteria that fired, as far as the reader may see them. */
  urgent: EscalationCheck[];
  /** Criteria that could not be checked, in the reader's topics. */
  notChecked: EscalationCheck[];
  /** Company-wide figures in the reader's topics (none for a customer-success manager). */
  metrics: MetricReport[];
  /** Sources the reader's sections depend on that did not answer. */
  unavailable: SourceStatus[];
  actions: ActionSummary[];
  opportunities: OpportunityItem[];
  /** Who signed up on the reported day (customer success). */
  newCustomers: NewCustomer[];
  focus: FocusItem[];
  /** Open follow-ups from earlier mornings not named in the plan (they are on the Briefing page). */
  moreFollowUps: number;
}

const MAX_FOCUS = 7;
/** New follow-ups of each kind a morning plans for one person. */
const FOLLOW_UPS = 2;
/** Open follow-ups from earlier mornings named in the plan; the rest are counted in one line. */
const CARRIED_SHOWN = 3;

export function briefingFor(model: BriefingModel, reader: Reader, audience: Audience): PersonalBriefing {
  const topics = new Set(AUDIENCE_TOPICS[audience.kind]);
  const sees = (ts: readonly Topic[]) => ts.some((t) => topics.has(t));
  const mine = (csmId: string | null | undefined) => audience.csmId === null || csmId === audience.csmId;
  const scoped = audience.csmId !== null;

  const urgent: EscalationCheck[] = [];
  for (const check of model.checks) {
    if (check.status !== 'fired' || !sees(check.topics)) continue;
    if (!scoped) {
      urgent.push(check);
      continue;
    }
    // A customer-success manager hears of an item only through their own customers in it.
    const details = check.details.filter((d) => d.customer !== undefined && mine(d.customer.csmId));
    if (details.length > 0)
      urgent.push({
        ...check,
        summary: `${details.length} of your customers ${details.length === 1 ? 'is' : 'are'} affected (${check.criterion}).`,
        details,
      });
  }
  const notChecked = model.checks.filter((c) => c.status === 'not_checked' && sees(c.topics));
  const metrics = scoped ? [] : model.metrics.filter((m) => sees(m.topics));
  const unavailable = model.sources.filter(
    (s) => s.status === 'unavailable' && s.name !== 'approvals_waiting' && sees(SOURCE_TOPICS[s.name]),
  );
  const actions = scoped ? [] : model.actions.filter((a) => sees(a.topics));
  const opportunities = model.opportunities.filter((o) => sees(o.topics) && mine(o.customer.csmId));
  const newCustomers = topics.has('onboarding') ? model.newCustomers.filter((c) => mine(c.csmId)) : [];

  const focus: FocusItem[] = [];
  for (const u of urgent)
    focus.push({
      kind: 'urgent',
      text: `Act on the escalation: ${u.criterion}`,
      deadline: null,
      ref: u.rule,
      carried: null,
    });
  for (const a of model.approvals.filter((a) => a.waitingFor.includes(reader.id)))
    focus.push({
      kind: 'approval',
      text: `Decide “${a.title}” by ${shortTime(a.deadline, model.timezone)}`,
      deadline: a.deadline,
      ref: a.id,
      carried: null,
    });
  const open = (model.followUps ?? []).filter((f) => f.personId === reader.id);
  const closed = (model.closedFollowUps ?? []).filter((f) => f.personId === reader.id);
  // A customer with a customer-success manager is theirs to follow up; the others are everyone's who sees them.
  const ours = opportunities.filter((o) => scoped || o.customer.csmId === null);
  focus.push(...followUpFocus(open, closed, ours));
  const shown = focus.slice(0, MAX_FOCUS);

  return {
    date: model.date,
    timezone: model.timezone,
    day: model.day,
    asOf: model.asOf,
    reader: { id: reader.id, name: reader.name, audience },
    urgent,
    notChecked,
    metrics,
    unavailable,
    actions,
    opportunities,
    newCustomers,
    focus: shown,
    moreFollowUps: open.length - shown.filter((f) => f.carried !== null).length,
  };
}

/**
 * The reader's follow-ups: first those earlier mornings planned that are still open (the oldest
 * first, a few by name; the rest are counted in `moreFollowUps`), then new ones for the engaged
 * trials and customers near their quota given (those the reader follows up) that have no task of
 * that kind for this reader open or recently closed.
 */
function followUpFocus(
  open: readonly OpenFollowUp[],
  closed: readonly FollowUpKey[],
  opportunities: readonly OpportunityItem[],
): FocusItem[] {
  const items: FocusItem[] = open.slice(0, CARRIED_SHOWN).map((f) => ({
    kind: f.kind,
    text: `Still open from ${shortDay(f.briefingDate)}: ${f.text}`,
    deadline: null,
    ref: f.customerId,
    carried: { id: f.id, since: f.briefingDate },
  }));
  const planned = new Set([...open, ...closed].map((f) => `${f.kind}|${f.customerId}`));
  const fresh = (kind: 'follow_up' | 'upgrade', from: OpportunityItem['kind']) =>
    opportunities
      .filter((o) => o.kind === from && !planned.has(`${kind}|${o.customer.id}`))
      .slice(0, FOLLOW_UPS)
      .map((o) => ({ o, kind }));
  for (const { o, kind } of [...fresh('follow_up', 'engaged_trial'), ...fresh('upgrade', 'near_quota')])
    items.push({
      kind,
      text:
        kind === 'follow_up'
          ? `Follow up with ${o.customer.name}, a trial using the product every day`
          : `Propose an upgrade to ${o.customer.name}, close to its plan's included calls`,
      deadline: null,
      ref: o.customer.id,
      carried: null,
    });
  return items;
}

/** The follow-ups a reader's plan names for the first time: the tasks the workflow records. */
export function newFollowUps(b: PersonalBriefing): FocusItem[] {
  return b.focus.filter((f) => (f.kind === 'follow_up' || f.kind === 'upgrade') && f.carried === null);
}
