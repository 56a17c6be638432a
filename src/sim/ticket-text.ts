/**
 * Support ticket text composed from parts. Each subcategory has topics: a subject template and the
 * sentences a customer writes about that very matter; the body is a greeting, the sentence stating
 * the matter and one more detail, a word on urgency, an ask and a sign-off. Slots ({endpoint}, {status}, {month}, …)
 * are drawn once per ticket, so the subject and the body name the same endpoint, status code or
 * invoice. Thousands of distinct tickets, each reading like one person wrote it about one thing.
 */
import type { TicketSubcategory } from '../domain/model/index.ts';
import { FIRST_NAMES } from './catalog.ts';
import type { Rng } from './prng.ts';
import { TOPICS } from './ticket-topics.ts';
import { CLIENT_STATUS, ENDPOINTS, FEATURES, INTEGRATIONS, REGIONS, SDKS, SERVER_STATUS } from './ticket-vocabulary.ts';

export interface TicketFacts {
  company: string;
  plan: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** e.g. "March 2025": the invoice month a billing ticket is about. */
  month: string;
  amount: string;
}

const GREETINGS = [
  'Hi team,',
  'Hello,',
  'Hey support,',
  'Good morning,',
  'Hi there,',
  'Hello support team,',
  'Hi folks,',
];
/** How urgent it is, in words that fit any matter. */
const URGENCY: Record<TicketFacts['severity'], readonly string[]> = {
  low: ['No rush on this.', 'Whenever you get a chance.', 'Nothing is blocked for now.'],
  medium: ['It is slowing us down a bit.', 'We would like to sort this out this week.', 'It affects part of our team.'],
  high: ['This is blocking our work.', 'We need an answer soon.', 'Our customers are starting to notice.'],
  critical: ['This is urgent for us.', 'Please treat this as urgent.', 'We need an answer today.'],
};
const ASKS = [
  'Can you take a look?',
  'Could you advise on next steps?',
  'What do you recommend?',
  'Please let us know what you find.',
  'Can someone from your team help?',
  'Thanks for looking into it.',
];
const CLOSINGS = ['Thanks,', 'Thank you,', 'Best,', 'Cheers,', 'Regards,', 'Many thanks,'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** The ticket's slot values, each drawn the first time a template asks for it. */
function slots(rng: Rng, facts: TicketFacts, subcategory: TicketSubcategory): (slot: string) => string {
  const drawn = new Map<string, string>();
  const draw = (slot: string): string => {
    switch (slot) {
      case 'endpoint':
        return rng.pick(ENDPOINTS);
      case 'sdk':
        return rng.pick(SDKS);
      case 'status':
        return rng.pick(subcategory === 'service_outage_reports' ? SERVER_STATUS : CLIENT_STATUS);
      case 'feature':
        return rng.pick(FEATURES);
      case 'integration':
        return rng.pick(INTEGRATIONS);
      case 'region':
        return rng.pick(REGIONS);
      case 'latency':
        return String(rng.int(8, 90) * 50);
      case 'pct':
        return String(rng.int(2, 60));
      case 'count':
        return String(rng.int(2, 500) * 10);
      case 'hex':
        return Math.floor(rng.next() * 0xffffffff)
          .toString(16)
          .padStart(8, '0');
      case 'last4':
        return String(rng.int(1000, 9999));
      case 'weekday':
        return rng.pick(WEEKDAYS);
      case 'plan':
        return facts.plan;
      case 'month':
        return facts.month;
      case 'amount':
        return facts.amount;
      default:
        return slot;
    }
  };
  return (slot) => {
    let value = drawn.get(slot);
    if (value === undefined) {
      value = draw(slot);
      drawn.set(slot, value);
    }
    return value;
  };
}

export function ticketText(
  rng: Rng,
  subcategory: TicketSubcategory,
  facts: TicketFacts,
): { subject: string; body: string } {
  const topic = rng.pick(TOPICS[subcategory]);
  const value = slots(rng, facts, subcategory);
  const fill = (template: string): string => template.replace(/\{(\w+)\}/g, (_, slot: string) => value(slot));
  const [matter, ...more] = topic.lines;
  const said = [matter, rng.pick(more)];
  const parts = [
    rng.pick(GREETINGS),
    '',
    ...said.map(fill),
    rng.pick(URGENCY[facts.severity]),
    rng.pick(ASKS),
    '',
    rng.pick(CLOSINGS),
    `${rng.pick(FIRST_NAMES)}, ${facts.company}`,
  ];
  return { subject: fill(topic.subject), body: parts.join('\n') };
}
