/**
 * The billing workflows' steps in words ("Retried the charge: declined, insufficient funds"), read
 * from each step's name and recorded result. A step this file does not know is left to the
 * timeline's generic wording, so a renamed or new step still shows (by its name).
 */
import { formatUsd } from '../format.ts';

export type StepTone = 'ok' | 'bad' | 'wait' | 'approval' | 'start' | '';

export interface StepWords {
  tone: StepTone;
  title: string;
  detail?: string;
}

type Rec = Record<string, unknown>;

const rec = (v: unknown): Rec => (v !== null && typeof v === 'object' ? (v as Rec) : {});
const words = (v: unknown): string => (typeof v === 'string' ? v.replaceAll('_', ' ') : '');
/** "day3" → "day 3". */
const dayWord = (v: string | undefined): string => (v ?? '').replace(/^day(\d+)$/, 'day $1');
const count = (v: unknown): string => (typeof v === 'number' ? String(v) : '0');
const money = (v: unknown): string => (typeof v === 'number' ? formatUsd(v / 100) : '');

/** A gateway's answer ({ status, declineCode, ... }) in words: "paid", "declined, insufficient funds". */
export function chargeResultWords(result: unknown): { paid: boolean; text: string } {
  const r = rec(result);
  if (r.status === 'succeeded')
    return r.disputed === true ? { paid: false, text: 'paid, then disputed' } : { paid: true, text: 'paid' };
  if (r.status === 'declined') return { paid: false, text: `declined, ${words(r.declineCode) || 'no reason given'}` };
  return { paid: false, text: 'no answer recorded' };
}

const CHANNEL_VERB: Record<string, [sent: string, notSent: string]> = {
  email: ['Emailed the customer', 'Could not email the customer'],
  sms: ['Texted the customer', 'Could not text the customer'],
  slack: ['Messaged the customer on Slack', 'Could not message the customer on Slack'],
};

function deliveryWords(channel: string, what: string, result: unknown): StepWords {
  const r = rec(result);
  const verbs = CHANNEL_VERB[channel] ?? [
    `Sent the customer a ${channel} message`,
    `Could not send a ${channel} message`,
  ];
  if (r.status === 'sent') return { tone: 'ok', title: `${verbs[0]}: ${what}` };
  if (typeof r.status === 'string' && r.status !== 'not_sent')
    return { tone: '', title: `${verbs[0]}: ${what}`, detail: words(r.status) };
  return { tone: 'bad', title: `${verbs[1]}: ${what}`, detail: typeof r.detail === 'string' ? r.detail : undefined };
}

function recoveryStep(name: string, result: unknown): StepWords | null {
  const [head, ...rest] = name.split(':');
  const r = rec(result);
  switch (head) {
    case 'open-case':
      return {
        tone: 'start',
        title: `Opened the recovery case: ${money(r.amountCents)} unpaid by ${typeof r.customerName === 'string' ? r.customerName : 'the customer'}`,
        detail: `${r.disputed === true ? 'the charge is disputed' : `card declined, ${words(r.declineCode)}`}: ${words(r.declineReason)}; ${r.declineType === 'hard' ? 'a hard decline, not retried automatically' : 'a soft decline, retried on schedule'}`,
      };
    case 'charge': {
      const attempt = rest[0] ?? '?';
      if (r.paid === true && r.result === null)
        return { tone: 'ok', title: `Did not charge again (attempt ${attempt}): the invoice was already paid` };
      const charged = chargeResultWords(r.result);
      return { tone: charged.paid ? 'ok' : 'bad', title: `Retried the charge (attempt ${attempt}): ${charged.text}` };
    }
    case 'check':
      return { tone: '', title: `Checked the invoice: ${result === true ? 'paid elsewhere' : 'still unpaid'}` };
    case 'paid-outside':
      return { tone: 'ok', title: 'Closed the case: the invoice was paid outside PsiZero' };
    case 'message': {
      const [day, template, channel] = rest;
      return deliveryWords(channel ?? '', `${words(template)} (${dayWord(day)})`, result);
    }
    case 'restrict':
      return { tone: 'bad', title: `Restricted the customer's API access (${dayWord(rest[0])})` };
    case 'case':
      return rest[0] === 'escalation'
        ? { tone: 'approval', title: `Handed the case to a person (escalation ${rest[1] ?? ''})` }
        : null;
    case 'close-unrecovered':
      return { tone: 'bad', title: 'Closed the case unrecovered: still unpaid at the recovery deadline' };
    default:
      return null;
  }
}

function cycleStep(name: string, result: unknown): StepWords | null {
  const r = rec(result);
  switch (name) {
    case 'invoice':
      return 'skipped' in r
        ? { tone: '', title: `Issued no invoice: ${words(r.skipped)}` }
        : {
            tone: 'ok',
            title: `Issued invoice ${typeof r.number === 'string' ? r.number : ''} for ${money(r.totalCents)}`,
          };
    case 'email-invoice':
      return deliveryWords('email', 'the invoice', result);
    case 'charge': {
      const charged = chargeResultWords(r.result);
      return { tone: charged.paid ? 'ok' : 'bad', title: `Charged the card: ${charged.text}` };
    }
    case 'settle':
      return r.outcome === 'paid'
        ? { tone: 'ok', title: 'Recorded the payment: the invoice is paid' }
        : { tone: 'bad', title: 'Recorded the failed payment and started its recovery' };
    default:
      return null;
  }
}

/** The morning briefing's steps: sources collected, the briefing stored, each delivery. */
function briefingStep(name: string, result: unknown): StepWords | null {
  const r = rec(result);
  const [kind, a, b, c] = name.split(':');
  if (kind === 'source' && a !== undefined)
    return r.status === 'ok'
      ? { tone: 'ok', title: `Collected ${words(a)}` }
      : { tone: 'bad', title: `${words(a)}: unavailable`, detail: typeof r.reason === 'string' ? r.reason : undefined };
  if (kind === 'store') return { tone: 'ok', title: 'Stored the briefing for the dashboard' };
  if (kind === 'urgent' && b !== undefined && c !== undefined)
    return { tone: 'approval', title: `Escalated ${words(a)} to ${c} (${b})` };
  if (kind === 'briefing' && a !== undefined && b !== undefined)
    return { tone: 'ok', title: `Delivered the briefing to ${b} (${a})` };
  return null;
}

const BY_WORKFLOW: Record<string, (name: string, result: unknown) => StepWords | null> = {
  'briefing.morning': briefingStep,
  'billing.recovery': recoveryStep,
  'billing.cycle': cycleStep,
  'billing.daily': (name, result) =>
    name === 'start-cycles'
      ? { tone: 'ok', title: `Started ${count(rec(result).cycles)} monthly billing run(s)` }
      : null,
  'billing.outside-payment': (name, result) =>
    name === 'case-open'
      ? {
          tone: '',
          title: result === true ? 'Found the open recovery case and told it' : 'No open recovery case to tell',
        }
      : null,
};

/** The step in words, or null when this workflow's step is not one we know. */
export function describeWorkflowStep(workflow: string, name: string, result: unknown): StepWords | null {
  return BY_WORKFLOW[workflow]?.(name, result) ?? null;
}

/** What carrying out a recovery choice did (the gate's execute step of a billing escalation). */
export function choiceOutcomeWords(result: unknown): string | undefined {
  const r = rec(result);
  switch (r.kind) {
    case 'recovered':
      return 'the invoice is paid';
    case 'retry_failed':
      return `retried the charge: declined, ${words(r.declineCode)}`;
    case 'extended':
      return `extended the grace period by ${String(r.days)} days`;
    case 'written_off':
      return 'wrote the invoice off';
    case 'suspended':
      return "suspended the customer's API access";
    default:
      return undefined;
  }
}
