/**
 * A simulated ticket's subject and body talk about the same thing: one endpoint, one status code,
 * one invoice month and amount per ticket, and a body about the subject's matter.
 */
import { describe, expect, it } from 'vitest';
import { TICKET_TAXONOMY, type TicketSubcategory } from '../../../src/domain/index.ts';
import { Rng } from '../../../src/sim/prng.ts';
import { ticketText } from '../../../src/sim/ticket-text.ts';

const FACTS = { company: 'Blue Falcon Labs', plan: 'team', month: 'March 2026', amount: '$249.00' } as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

/** What the body of every ticket of a subcategory must be about. */
const MATTER: Record<TicketSubcategory, RegExp> = {
  api_integration_issues: /\/v[12]\/|webhook|JSON|quick start/,
  authentication_problems: /key|token|OAuth|invalid_grant|HTTP 40[13]/,
  rate_limiting_questions: /rate limit|HTTP 429|throttled|requests per minute/,
  performance_concerns: /\d ms|slow|time out|twice as long/,
  documentation_clarification: /docs|reference|example|idempotency/i,
  security_concerns: /key|access|sign-in|IP addresses|security/,
  data_loss_reports: /missing|gone|no longer come back|skips|received none|are back/,
  service_outage_reports: /HTTP 5\d\d|fail|does not load|Nothing reaches/,
  invoice_questions: /invoice/,
  payment_method_updates: /card|bank transfer|payment/,
  usage_calculations: /usage|calls|overage/i,
  plan_changes: /plan/,
  refund_requests: /refund|charged|credited/,
  enhancement_requests: /would like|would love|too small|does not say/,
  new_feature_inquiries: /support|roadmap|coming soon|beta|need/,
  integration_requests: /integration|connector|app|sync|webhooks/,
  account_questions: /teammate|owner|accounts|company name|workspaces/,
  how_to_questions: /page through|retry|sandbox|signature|event types/,
  other_inquiries: /partnership|feedback|meetup|case study|question/i,
};

const SLOT =
  /\{(endpoint|sdk|status|feature|integration|region|latency|pct|count|hex|last4|weekday|plan|month|amount)\}/;

const distinct = (text: string, pattern: RegExp): Set<string> => new Set([...text.matchAll(pattern)].map((m) => m[1]!));

describe('simulated ticket text', () => {
  const subcategories = Object.values(TICKET_TAXONOMY).flat();

  it.each(subcategories)('%s: the body is about the subject, with the same details', (subcategory) => {
    for (let i = 0; i < 300; i++) {
      const rng = Rng.forKey('tickets', subcategory, i);
      const { subject, body } = ticketText(rng, subcategory, { ...FACTS, severity: SEVERITIES[i % 4]! });
      const both = `${subject}\n${body}`;
      const where = `${subject} | ${body}`;
      expect(body, where).toMatch(MATTER[subcategory]);
      expect(distinct(both, /(\/v[12]\/[a-z/{}]+)/g).size, where).toBeLessThanOrEqual(1);
      expect(distinct(both, /(?:HTTP |^|with )([45]\d\d)\b/gm).size, where).toBeLessThanOrEqual(1);
      expect(
        distinct(both, /(the [A-Z][a-z.]+ (?:SDK|client|gem|package|library) \d+(?:\.\d+)*)/g).size,
        where,
      ).toBeLessThanOrEqual(1);
      expect(distinct(both, /\b(us-east|eu-west|ap-southeast|us-west)\b/g).size, where).toBeLessThanOrEqual(1);
      expect(distinct(both, /(\$[\d,.]+)/g).size, where).toBeLessThanOrEqual(1);
      expect(both, where).not.toMatch(SLOT);
    }
  });

  it('keeps every body distinct across customers and days', () => {
    const bodies = new Set<string>();
    let n = 0;
    for (const subcategory of subcategories)
      for (let i = 0; i < 50; i++) {
        bodies.add(ticketText(Rng.forKey('distinct', subcategory, i), subcategory, { ...FACTS, severity: 'low' }).body);
        n++;
      }
    expect(bodies.size).toBeGreaterThan(n * 0.98);
  });
});
