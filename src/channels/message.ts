/**
 * What a person is told, independent of the channel: the gate's notification, the approval as it
 * stands now, and the person it is for become one `ApprovalMessage` that the email, Slack and
 * dashboard renderers lay out in their own way. Pure, so the wording is tested without a server.
 *
 * The words are for the people who run the business (a finance manager, a CFO), not engineers:
 * what is proposed, for how much, for which customer, why it comes to them, by when, and what
 * happens if nobody answers.
 */
import type { Approval, ApprovalNotification } from '../approvals/index.ts';
import { isResolved, openSlots, recordOf, roundsAhead } from '../approvals/index.ts';
import { DateTime } from 'luxon';
import type { Directory, Person } from '../policy/index.ts';
import { choiceLabel, choicesOf, describeRole, findPerson, formatUsd } from '../policy/index.ts';
import { MONTH_NAMES, WEEKDAY_NAMES } from '../lib/calendar.ts';

export interface MessageFact {
  label: string;
  value: string;
}

export interface ApprovalMessage {
  /** One line: what this is about ("Approval needed: Refund $4,200"). */
  headline: string;
  /** Whom the message addresses, by first name. */
  greeting: string;
  /** One or two sentences on what is asked of the person (or what happened). */
  intro: string;
  facts: MessageFact[];
  /** True when the person can decide now: the channel offers approve/reject. */
  canDecide: boolean;
  /** Who decided what so far, one line each, under `decisionsHeading`. */
  decisions: string[];
  decisionsHeading: string;
  /** The decision record as plain text, for anyone who wants the full reasoning. */
  details: string;
  /** Short deadline for subject lines ("1 Mar 16:00 UTC"), when there is one. */
  deadlineShort: string | null;
  /** Whether approving means executing (Level 2) or accepting a recommendation (Level 3). */
  approveLabel: string;
  rejectLabel: string;
  /**
   * The options the approver picks one of (empty when the action offers none). Approving then
   * means approving one: Slack shows a button per option, the link page and dashboard radio buttons.
   */
  choices: MessageChoice[];
}

/** One option; `recommended` and `unavailable` appear only when set, so options without them read as before. */
export interface MessageChoice {
  id: string;
  label: string;
  description: string | null;
  /** PsiZero recommends this one. */
  recommended?: true;
  /** Why this option cannot be chosen now (it cannot succeed as things stand). */
  unavailable?: string;
}

// Hand-rolled (like formatUsd and lib/calendar.ts) so the words never depend on the locale; luxon only converts zones.
function clockTime(t: DateTime): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/** The zone's abbreviation at that moment ("PST", "PDT", "UTC"; "GMT+2" where the zone has none). */
function zoneLabel(t: DateTime): string {
  return t.zoneName === 'UTC' ? 'UTC' : (t.offsetNameShort ?? t.zoneName ?? 'UTC');
}

/**
 * "Monday 2 March 2026, 09:00 PST (in 4 hours)", in the reader's zone: their directory time zone,
 * else the policy's business calendar's (where the company's hours run).
 */
export function formatDeadline(deadline: number, now: number, zone: string): string {
  const t = DateTime.fromMillis(deadline, { zone });
  const date = `${WEEKDAY_NAMES[t.weekday % 7]} ${t.day} ${MONTH_NAMES[t.month - 1]} ${t.year}`;
  return `${date}, ${clockTime(t)} ${zoneLabel(t)} (${relativeTime(deadline - now)})`;
}

/** "2 Mar 09:00 PST", for subject lines and lists. */
export function formatShortTime(time: number, zone: string): string {
  const t = DateTime.fromMillis(time, { zone });
  return `${t.day} ${MONTH_NAMES[t.month - 1]!.slice(0, 3)} ${clockTime(t)} ${zoneLabel(t)}`;
}

/** The zone a person reads times in: their own, else the company's. */
export function readerZone(person: Pick<Person, 'timeZone'>, companyZone: string): string {
  return person.timeZone ?? companyZone;
}

function relativeTime(ms: number): string {
  if (ms <= 0) return 'already passed';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'in less than a minute';
  if (minutes < 90) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} hours`;
  return `in ${Math.round(hours / 24)} days`;
}

function firstName(person: Person): string {
  return person.name.split(/\s+/)[0] ?? person.name;
}

/** True when `personId` may record a decision on the approval right now. */
export function canDecideNow(approval: Approval, personId: string): boolean {
  return openSlots(approval).some((e) => e.people.includes(personId));
}

/** Why the approval comes to this person, from the current round and the decision record. */
export function whyYou(approval: Approval, personId: string, directory: Directory): string | null {
  const round = approval.rounds.find((r) => r.round === approval.round);
  const entries = round?.eligible.filter((e) => e.people.includes(personId)) ?? [];
  if (round === undefined || entries.length === 0) return null;
  const record = recordOf(approval);
  const reasons: string[] = [];
  for (const entry of entries) {
    const role = describeRole(entry.requirement);
    if (entry.settlesAll) {
      reasons.push(`nobody decided in time, so it goes to the ${role}: your decision settles it`);
      continue;
    }
    const requirement = record.route.requirements.find((r) => r.role === entry.requirement);
    const routedToYou = requirement?.eligible.some((p) => p.id === personId) ?? false;
    if (!routedToYou && round.reason === 'escalated_to_backup') {
      const standIns = standingInFor(approval, entry.requirement, personId, directory).map(
        (id) => findPerson(directory, id)?.name ?? id,
      );
      const forWhom = standIns.length > 0 ? standIns.join(' and ') : `the ${role}`;
      reasons.push(`you are the backup for ${forWhom}, who did not decide in time`);
      continue;
    }
    reasons.push(...(requirement?.reasons ?? [`${role} approval`]));
  }
  return [...new Set(reasons)].join('; ');
}

/**
 * Whom a backup stands in for: the people of the requirement in the round before the one that
 * first asked them (in a chain, the backup they are the backup of) whose backup they are.
 */
function standingInFor(approval: Approval, requirement: string, personId: string, directory: Directory): string[] {
  const peopleIn = (round: number): readonly string[] =>
    approval.rounds.find((r) => r.round === round)?.eligible.find((e) => e.requirement === requirement)?.people ?? [];
  const firstAsked = approval.rounds.find((r) => peopleIn(r.round).includes(personId))?.round ?? approval.round;
  return peopleIn(firstAsked - 1).filter((id) => findPerson(directory, id)?.backupId === personId);
}

/** Who else may still decide, with the role they decide for ("Sam Singh (customer success manager)"). */
function alsoAsked(approval: Approval, personId: string, directory: Directory): string | null {
  const others = openSlots(approval).flatMap((e) =>
    e.people
      .filter((id) => id !== personId)
      .map((id) => `${findPerson(directory, id)?.name ?? id} (${describeRole(e.requirement)})`),
  );
  return others.length === 0 ? null : [...new Set(others)].join(', ');
}

/** What happens when nobody decides by the deadline, in words; the workflow's default named when it stored one. */
export function ifNobodyDecides(approval: Approval, directory: Directory): string {
  if (approval.level === 3) return 'the decision lapses; PsiZero never acts on a recommendation by itself';
  const fallback = approval.consequences?.ifNobodyDecides ?? null;
  const lapses =
    fallback === null
      ? 'the approval expires and PsiZero does not carry out the action as proposed'
      : `the approval expires and PsiZero takes its safer default: ${fallback}`;
  const then = fallback === null ? '' : `; if nobody decides then either, PsiZero takes its safer default: ${fallback}`;
  const ahead = roundsAhead(approval, directory);
  if (ahead[0] === 'escalated_to_backup') {
    const who = approval.round === 1 ? "each approver's backup" : 'the next backup in the chain';
    const further = ahead.length > 1 ? ', then to their backups in turn' : '';
    return `it goes to ${who} as well${further}${then}`;
  }
  if (ahead[0] === 'escalated_to_final_decision_maker')
    return `it goes to the ${describeRole(approval.finalDecisionMakerRole)} as well${then}`;
  const unsaid = approval.round === 1 && fallback === null;
  return unsaid ? `${lapses} (the workflow falls back to its safer default, if it has one)` : lapses;
}

/** The options as every channel shows them: the recommended one and the unavailable ones marked. */
export function messageChoices(approval: Approval): MessageChoice[] {
  const recommended = approval.recommendation?.choice;
  return choicesOf(recordOf(approval)).map((c) => ({
    id: c.id,
    label: c.label,
    description: c.description ?? null,
    ...(c.id === recommended && { recommended: true as const }),
    ...(c.unavailable !== undefined && { unavailable: c.unavailable }),
  }));
}

function optionsText(choices: readonly MessageChoice[]): string {
  return choices
    .map((c) => `${c.label}${c.recommended ? ' (recommended)' : ''}${c.unavailable ? ' (not available)' : ''}`)
    .join('; ');
}

function customersText(notification: ApprovalNotification): string | null {
  const { customers } = notification.facts;
  if (customers.length === 0) return null;
  const named = customers.map((c) => (c.name === null ? c.id : `${c.name} (${c.id})`));
  return named.length <= 3 ? named.join(', ') : `${named.slice(0, 3).join(', ')} and ${named.length - 3} more`;
}

function decisionLines(approval: Approval, directory: Directory, zone: string): string[] {
  return approval.decisions.map((d) => {
    const who = findPerson(directory, d.by)?.name ?? d.by;
    const verb = d.verdict === 'approve' ? 'approved' : 'rejected';
    const why = d.reason ?? d.comment;
    const chose = d.choice === null ? '' : ` "${choiceLabel(recordOf(approval), d.choice)}"`;
    return `${who} ${verb}${chose} via ${d.channel} on ${formatShortTime(d.at, zone)}${why === null ? '' : `: "${why}"`}`;
  });
}

const STATUS_WORDS: Readonly<Record<Approval['status'], string>> = {
  pending: 'Waiting for a decision',
  escalated: 'Escalated',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
};

export function composeMessage(
  notification: ApprovalNotification,
  approval: Approval,
  person: Person,
  directory: Directory,
  now: number,
  companyZone: string,
): ApprovalMessage {
  const { title } = notification;
  const zone = readerZone(person, companyZone);
  const level3 = approval.level === 3;
  const facts: MessageFact[] = [{ label: 'Proposed', value: title }];
  if (notification.facts.amountUsd !== null)
    facts.push({ label: 'Amount', value: formatUsd(notification.facts.amountUsd) });
  const customers = customersText(notification);
  if (customers !== null)
    facts.push({ label: notification.facts.customers.length === 1 ? 'Customer' : 'Customers', value: customers });
  if (notification.facts.recommendation !== null)
    facts.push({ label: 'PsiZero recommends', value: notification.facts.recommendation });

  const resolved = notification.type === 'approval_resolved';
  const canDecide = !resolved && canDecideNow(approval, person.id);
  const choices = messageChoices(approval);
  if (choices.length > 0 && !resolved) facts.push({ label: 'Options (choose one)', value: optionsText(choices) });
  if (!resolved) {
    const why = whyYou(approval, person.id, directory);
    if (why !== null) facts.push({ label: 'Why you', value: why });
    const others = alsoAsked(approval, person.id, directory);
    if (others !== null) facts.push({ label: 'Also asked', value: others });
    if (notification.deadline !== null) {
      facts.push({ label: 'Decide by', value: formatDeadline(notification.deadline, now, zone) });
      if (!isResolved(approval))
        facts.push({ label: 'If nobody decides', value: ifNobodyDecides(approval, directory) });
    }
  } else {
    facts.push({ label: 'Outcome', value: STATUS_WORDS[approval.status] });
  }

  const headlines: Readonly<Record<ApprovalNotification['type'], string>> = {
    approval_requested: `Approval needed: ${title}`,
    recommendation: `Decision needed: ${title}`,
    approval_escalated: `Escalated to you: ${title}`,
    approval_resolved: `${STATUS_WORDS[approval.status]}: ${title}`,
  };
  const intros: Readonly<Record<ApprovalNotification['type'], string>> = {
    approval_requested: 'PsiZero wants to carry out the action below. It needs your approval first.',
    recommendation: 'PsiZero recommends the action below and needs your decision. It will not act on it by itself.',
    approval_escalated: level3
      ? 'Nobody decided on the recommendation below in time, so it now comes to you as well.'
      : 'Nobody decided on the action below in time, so it now comes to you as well.',
    approval_resolved: `${notification.summary.split('\n')[0] ?? title}.`,
  };
  return {
    headline: headlines[notification.type],
    greeting: `Hello ${firstName(person)},`,
    intro: intros[notification.type],
    facts,
    canDecide,
    decisions: decisionLines(approval, directory, zone),
    decisionsHeading: resolved ? 'Decisions' : 'Decisions so far',
    details: resolved ? '' : notification.summary,
    deadlineShort: !resolved && notification.deadline !== null ? formatShortTime(notification.deadline, zone) : null,
    // With choices the approve link leads to a page where the option is picked.
    approveLabel:
      choices.length > 0 ? 'Choose an option and approve' : level3 ? 'Accept the recommendation' : 'Approve',
    rejectLabel: level3 ? 'Decline' : 'Reject',
    choices,
  };
}

/** The message as plain text lines (email text part, dashboard body). */
export function factLines(message: ApprovalMessage): string[] {
  const width = Math.max(...message.facts.map((f) => f.label.length)) + 1;
  return message.facts.map((f) => `${`${f.label}:`.padEnd(width)} ${f.value}`);
}
