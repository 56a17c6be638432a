/**
 * Support ticket text composed from parts: a subject template per subcategory with slots, and a
 * body of greeting, context, detail, impact (by severity), ask and sign-off, each drawn from
 * several variants and filled with concrete endpoints, SDKs, status codes, amounts and names.
 * Thousands of distinct tickets, each reading like a person wrote it.
 */
import type { TicketSubcategory } from '../domain/model/index.ts';
import { FIRST_NAMES } from './catalog.ts';
import type { Rng } from './prng.ts';

export interface TicketFacts {
  company: string;
  plan: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** e.g. "March 2025": the invoice month a billing ticket is about. */
  month: string;
  amount: string;
}

const ENDPOINTS = [
  '/v1/charges',
  '/v1/messages',
  '/v1/enrich',
  '/v1/search',
  '/v1/webhooks',
  '/v1/batch',
  '/v2/events',
  '/v1/users/{id}',
  '/v1/reports',
  '/v2/embeddings',
];
const SDKS = [
  'the Python SDK 3.2.1',
  'the Node SDK 5.4.0',
  'the Go client 1.9.2',
  'the Ruby gem 2.11.0',
  'the Java SDK 4.0.3',
  'plain curl',
  'the .NET package 7.1.2',
  'the PHP library 2.8',
];
const STATUS = ['400', '401', '403', '409', '422', '429', '500', '502', '503', '504'];
const FEATURES = [
  'bulk export',
  'webhook retries',
  'audit logs',
  'SAML single sign-on',
  'custom domains',
  'usage alerts',
  'sandbox environments',
  'role-based access',
  'CSV exports',
  'streaming responses',
  'regional data residency',
  'a GraphQL endpoint',
];
const INTEGRATIONS = [
  'Salesforce',
  'HubSpot',
  'Zapier',
  'Snowflake',
  'Segment',
  'Slack',
  'Datadog',
  'BigQuery',
  'Shopify',
  'Terraform',
];
const REGIONS = ['us-east', 'eu-west', 'ap-southeast', 'us-west'];

const SUBJECTS: Record<TicketSubcategory, readonly string[]> = {
  api_integration_issues: [
    '{status} errors from {endpoint}',
    'Integration with {endpoint} failing after upgrade',
    'Unexpected response shape from {endpoint}',
    'Webhook payloads not matching the docs for {endpoint}',
    'Cannot get {endpoint} working with {sdk}',
  ],
  authentication_problems: [
    'API key rejected with 401',
    'Token refresh keeps failing',
    'Cannot rotate our API keys',
    'OAuth callback returns invalid_grant',
    '403 on {endpoint} with a valid key',
  ],
  rate_limiting_questions: [
    'Hitting 429s on {endpoint}',
    'What are the rate limits on the {plan} plan?',
    'Rate limit lower than documented',
    'Burst traffic throttled during our batch job',
    'Can we raise our request limit?',
  ],
  performance_concerns: [
    '{endpoint} latency up to {latency} ms',
    'Slow responses from {region}',
    'Timeouts on {endpoint} since yesterday',
    'p95 latency doubled this week',
    'Batch jobs taking much longer than before',
  ],
  documentation_clarification: [
    'Docs unclear on pagination for {endpoint}',
    'Example in the docs does not compile with {sdk}',
    'Where is the idempotency key documented?',
    'Question about error codes in the API reference',
    'Missing field descriptions for {endpoint}',
  ],
  security_concerns: [
    'Possible leaked API key',
    'Suspicious requests from unknown IPs',
    'Security questionnaire for our vendor review',
    'Need to revoke access for a former employee now',
    'Unexpected login to our dashboard',
  ],
  data_loss_reports: [
    'Records missing from {endpoint} results',
    'Data from last night appears to be gone',
    'Webhook events lost during the incident',
    'Export is missing several days of data',
    'Deleted objects reappearing and others gone',
  ],
  service_outage_reports: [
    'API down for us?',
    'All requests to {endpoint} failing with {status}',
    'Dashboard not loading',
    'Complete outage in {region}',
    'Is there an incident right now?',
  ],
  invoice_questions: [
    'Question about our {month} invoice',
    'Invoice total higher than expected',
    'Need a copy of the {month} invoice with our VAT number',
    'Line item on invoice not clear',
    'Invoice sent to the wrong address',
  ],
  payment_method_updates: [
    'Card declined, need to update payment method',
    'How do we switch to invoicing by bank transfer?',
    'Update the card on file',
    'Payment failed but the card is valid',
    'Our company card was replaced',
  ],
  usage_calculations: [
    'Usage numbers do not match our logs',
    'How is overage calculated?',
    'Unexpected overage of {amount}',
    'API call count seems doubled',
    'Usage dashboard vs invoice mismatch',
  ],
  plan_changes: [
    'Upgrade from {plan} to the next tier',
    'Downgrade request',
    'Switch to annual billing',
    'Add seats to our plan',
    'Pause our subscription for two months',
  ],
  refund_requests: [
    'Refund for duplicate charge',
    'Requesting a refund for {month}',
    'Charged after cancelling',
    'Refund the overage from the outage',
    'Partial refund request',
  ],
  enhancement_requests: [
    'Please support filtering by date on {endpoint}',
    'Feature idea: {feature}',
    'Allow larger batch sizes',
    'Better error messages for {status} responses',
    'Add sorting options to {endpoint}',
  ],
  new_feature_inquiries: [
    'Do you support {feature}?',
    'Is {feature} on the roadmap?',
    'Timeline for {feature}?',
    'Beta access to {feature}',
    'Any plans for {feature} in {region}?',
  ],
  integration_requests: [
    'Native {integration} integration?',
    'Connector for {integration}',
    'Official {integration} app',
    'Sync data into {integration}',
    'Support for {integration} webhooks',
  ],
  account_questions: [
    'How do I add a teammate?',
    'Change the account owner',
    'Merge two accounts',
    'Update our company name',
    'Close one of our workspaces',
  ],
  how_to_questions: [
    'How to paginate through results',
    'Best way to retry failed requests',
    'How do I test in sandbox?',
    'How to verify webhook signatures',
    'How to filter events by type',
  ],
  other_inquiries: [
    'Partnership inquiry',
    'Feedback on the new dashboard',
    'Speaking at our meetup?',
    'Case study request',
    'General question about the API',
  ],
};

const GREETINGS = [
  'Hi team,',
  'Hello,',
  'Hey support,',
  'Good morning,',
  'Hi there,',
  'Hello support team,',
  'Hi folks,',
];
const CONTEXT: Record<string, readonly string[]> = {
  technical: [
    'We are using {sdk} against {endpoint} from our {region} servers.',
    'Since {weekday} our integration with {endpoint} has been acting up.',
    'Our backend calls {endpoint} a few thousand times an hour via {sdk}.',
    'We rolled out a new release on {weekday} and noticed this right after.',
  ],
  billing: [
    'I am looking at our account on the {plan} plan.',
    'Our finance team flagged something on the {month} statement.',
    'We have been on the {plan} plan for a while now.',
    'This is about the {amount} charge from {month}.',
  ],
  feature: [
    'We love the product and use it daily on the {plan} plan.',
    'Our team has been building on {endpoint} for a few months.',
    'We are evaluating how to grow our usage next quarter.',
    'A few of our engineers asked me to pass this on.',
  ],
  general: [
    'Quick question about our account.',
    'I could not find this in the docs.',
    'Not urgent, but we would appreciate some guidance.',
    'We are new here and still finding our way.',
  ],
};
const DETAIL: Record<string, readonly string[]> = {
  technical: [
    'About {pct}% of requests come back with HTTP {status}.',
    'The request id of one failing call is req_{hex}.',
    'It happens mostly under load, around {count} requests per minute.',
    'Retrying sometimes works, but not reliably.',
    'Nothing changed on our side as far as we can tell.',
    'Our logs show responses taking {latency} ms before failing.',
  ],
  billing: [
    'The amount charged was {amount}, which we did not expect.',
    'Our card ending in {last4} should be valid until next year.',
    'We would prefer to be billed in one consolidated invoice.',
    'The usage line shows {count} calls more than our own count.',
  ],
  feature: [
    'Right now we work around it with a nightly script.',
    'Three other teams here would use it too.',
    'It would save us a lot of custom code.',
    'Competitors offer something similar.',
  ],
  general: [
    'I tried the help center first.',
    'A short pointer would be enough.',
    'We are happy to jump on a call if easier.',
    'Screenshots attached.',
  ],
};
const IMPACT: Record<TicketFacts['severity'], readonly string[]> = {
  low: ['No rush on this.', 'Whenever you get a chance.', 'Just curious, nothing is blocked.'],
  medium: [
    'It is slowing us down a bit.',
    'We would like to sort this out this week.',
    'It affects part of our users.',
  ],
  high: [
    'This is blocking our release.',
    'Several customers have complained already.',
    'We need this fixed soon, it affects production.',
  ],
  critical: [
    'Production is down for all our users.',
    'This is costing us money every minute.',
    'Please treat this as urgent: our service is unusable.',
  ],
};
const ASKS = [
  'Can you take a look?',
  'Could you advise on next steps?',
  'What do you recommend?',
  'Please let us know what you find.',
  'Can someone from your team help?',
  'Is there a workaround?',
];
const CLOSINGS = ['Thanks,', 'Thank you,', 'Best,', 'Cheers,', 'Regards,', 'Many thanks,'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'the weekend'];

function fill(template: string, rng: Rng, facts: TicketFacts): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'endpoint':
        return rng.pick(ENDPOINTS);
      case 'sdk':
        return rng.pick(SDKS);
      case 'status':
        return rng.pick(STATUS);
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
  });
}

export function ticketText(
  rng: Rng,
  category: string,
  subcategory: TicketSubcategory,
  facts: TicketFacts,
): { subject: string; body: string } {
  const subject = fill(rng.pick(SUBJECTS[subcategory]), rng, facts);
  const parts = [
    rng.pick(GREETINGS),
    '',
    fill(rng.pick(CONTEXT[category]!), rng, facts),
    fill(rng.pick(DETAIL[category]!), rng, facts),
    rng.pick(IMPACT[facts.severity]),
    rng.pick(ASKS),
    '',
    rng.pick(CLOSINGS),
    `${rng.pick(FIRST_NAMES)}, ${facts.company}`,
  ];
  return { subject, body: parts.join('\n') };
}
