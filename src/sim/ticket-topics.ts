/**
 * What customers write support tickets about: per subcategory, topics with a subject template and
 * the sentences about that very matter, and the vocabulary their slots are drawn from
 * (ticket-text.ts composes them).
 */
import type { TicketSubcategory } from '../domain/model/index.ts';

export interface Topic {
  subject: string;
  /** Sentences about the subject's matter: the first states it, the body adds one of the others. */
  lines: readonly [string, string, ...string[]];
}

export const ENDPOINTS = [
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
export const SDKS = [
  'the Python SDK 3.2.1',
  'the Node SDK 5.4.0',
  'the Go client 1.9.2',
  'the Ruby gem 2.11.0',
  'the Java SDK 4.0.3',
  'plain curl',
  'the .NET package 7.1.2',
  'the PHP library 2.8',
];
/** Client-side errors an integration runs into (rate limits and outages have topics of their own). */
export const CLIENT_STATUS = ['400', '404', '409', '422'];
/** What an outage looks like from outside. */
export const SERVER_STATUS = ['500', '502', '503', '504'];
export const FEATURES = [
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
export const INTEGRATIONS = [
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
export const REGIONS = ['us-east', 'eu-west', 'ap-southeast', 'us-west'];

export const TOPICS: Record<TicketSubcategory, readonly Topic[]> = {
  api_integration_issues: [
    {
      subject: '{status} errors from {endpoint}',
      lines: [
        'Calls to {endpoint} from {sdk} come back with HTTP {status}.',
        'About {pct}% of our requests to {endpoint} fail that way; the request id of one is req_{hex}.',
        'The same payload worked against {endpoint} last month.',
      ],
    },
    {
      subject: 'Integration with {endpoint} failing after upgrade',
      lines: [
        'We upgraded to {sdk} on {weekday} and our calls to {endpoint} started failing.',
        'The errors are HTTP {status}; the request id of one is req_{hex}.',
        'Rolling back the upgrade makes {endpoint} work again.',
      ],
    },
    {
      subject: 'Unexpected response shape from {endpoint}',
      lines: [
        'The JSON that {endpoint} returns no longer matches the schema in the API reference.',
        'Fields our code reads are missing from about {pct}% of the responses.',
        'We parse the responses with {sdk}; the request id of one is req_{hex}.',
      ],
    },
    {
      subject: 'Webhook payloads not matching the docs for {endpoint}',
      lines: [
        'The webhook events we receive for {endpoint} carry fields the docs do not list.',
        'Our signature check passes, so the payloads are yours, but our parser rejects them.',
        'The event id of one of them is evt_{hex}.',
      ],
    },
    {
      subject: 'Cannot get {endpoint} working with {sdk}',
      lines: [
        'We followed the quick start for {endpoint} with {sdk} step by step.',
        'Every call ends in HTTP {status} and the error message does not say which field is wrong.',
        'The request id of the last attempt is req_{hex}.',
      ],
    },
  ],
  authentication_problems: [
    {
      subject: 'API key rejected with 401',
      lines: [
        'Our production API key gets HTTP 401 on every call since {weekday}.',
        'The key is active in the dashboard and we did not rotate it.',
        'A freshly created key gets the same 401.',
      ],
    },
    {
      subject: 'Token refresh keeps failing',
      lines: [
        'Refreshing our OAuth access token fails with invalid_grant about every hour.',
        'Our users get signed out when that happens.',
        'We refresh with {sdk}; the request id of one failure is req_{hex}.',
      ],
    },
    {
      subject: 'Cannot rotate our API keys',
      lines: [
        'The dashboard shows an error when we try to rotate our API keys.',
        'Our security policy requires a rotation every 90 days and the deadline is close.',
        'We tried it from two browsers with the same result.',
      ],
    },
    {
      subject: 'OAuth callback returns invalid_grant',
      lines: [
        'The OAuth callback to our app fails with invalid_grant right after consent.',
        'The redirect URI is registered exactly as we send it.',
        'It started on {weekday} without a change on our side.',
      ],
    },
    {
      subject: '403 on {endpoint} with a valid key',
      lines: [
        'A key that works everywhere else gets HTTP 403 from {endpoint}.',
        'The key has every scope the docs list for {endpoint}.',
        'The request id of one refused call is req_{hex}.',
      ],
    },
  ],
  rate_limiting_questions: [
    {
      subject: 'Hitting 429s on {endpoint}',
      lines: [
        'We get HTTP 429 from {endpoint} at around {count} requests per minute.',
        'Our backoff follows the Retry-After header, yet the 429s keep coming.',
        'About {pct}% of our calls to {endpoint} are throttled at peak.',
      ],
    },
    {
      subject: 'What are the rate limits on the {plan} plan?',
      lines: [
        'We are on the {plan} plan and could not find its rate limits in the docs.',
        'We expect about {count} requests per minute next month and want to stay under the limit.',
        'Does the limit apply per key or per account?',
      ],
    },
    {
      subject: 'Rate limit lower than documented',
      lines: [
        'The docs promise a higher rate limit than we get: we are throttled at {count} requests per minute.',
        'The 429 responses arrive well before the documented limit.',
        'The X-RateLimit headers also show a lower limit than the docs.',
      ],
    },
    {
      subject: 'Burst traffic throttled during our batch job',
      lines: [
        'Our nightly batch job sends a burst of {count} requests per minute and gets throttled with HTTP 429.',
        'Spreading the job over the night would make it finish too late for our users.',
        'Is there a burst allowance for batch work?',
      ],
    },
    {
      subject: 'Can we raise our request limit?',
      lines: [
        'We need a higher rate limit: our traffic will reach {count} requests per minute.',
        'We are on the {plan} plan and happy to pay for the higher limit.',
        'Today about {pct}% of our peak traffic is throttled.',
      ],
    },
  ],
  performance_concerns: [
    {
      subject: '{endpoint} latency up to {latency} ms',
      lines: [
        'Responses from {endpoint} take up to {latency} ms, several times the usual.',
        'It started on {weekday} and affects about {pct}% of our calls.',
        'We measure it with {sdk} from our {region} servers.',
      ],
    },
    {
      subject: 'Slow responses from {region}',
      lines: [
        'Calls from our {region} servers take up to {latency} ms.',
        'The same calls from other regions are fast.',
        'The slowness started on {weekday}.',
      ],
    },
    {
      subject: 'Timeouts on {endpoint} since yesterday',
      lines: [
        'Since yesterday about {pct}% of our calls to {endpoint} time out.',
        'The ones that succeed take up to {latency} ms.',
        'The request id of one slow call is req_{hex}.',
      ],
    },
    {
      subject: 'p95 latency doubled this week',
      lines: [
        'Our monitoring shows your API p95 latency at {latency} ms this week, double last week.',
        'The slowdown is worst on {endpoint}.',
        'Nothing changed in how we call the API.',
      ],
    },
    {
      subject: 'Batch jobs taking much longer than before',
      lines: [
        'Our batch job against {endpoint} now takes twice as long as it did last month.',
        'Single calls take up to {latency} ms where they used to be quick.',
        'The job sends about {count} requests per minute.',
      ],
    },
  ],
  documentation_clarification: [
    {
      subject: 'Docs unclear on pagination for {endpoint}',
      lines: [
        'The docs for {endpoint} do not say whether the cursor or the offset wins when both are sent.',
        'We also could not tell what the last page returns.',
        'An example of paging through {endpoint} would settle it.',
      ],
    },
    {
      subject: 'Example in the docs does not compile with {sdk}',
      lines: [
        'The code example for {endpoint} in the docs does not compile with {sdk}.',
        'It calls a method that {sdk} does not have.',
        'Could the example be updated to the current SDK?',
      ],
    },
    {
      subject: 'Where is the idempotency key documented?',
      lines: [
        'We want to retry calls to {endpoint} safely and need to know how idempotency keys work.',
        'The docs mention an Idempotency-Key header but not how long a key is remembered.',
        'Does a retry with the same key return the first response?',
      ],
    },
    {
      subject: 'Question about error codes in the API reference',
      lines: [
        'The API reference lists error codes but not which ones are safe to retry.',
        'We see HTTP {status} from {endpoint} and cannot tell from the docs what it means there.',
        'A table of codes and their meaning would help.',
      ],
    },
    {
      subject: 'Missing field descriptions for {endpoint}',
      lines: [
        'Several fields in the {endpoint} response have no description in the docs.',
        'We need to know which of them can be null.',
        'The changelog does not mention them either.',
      ],
    },
  ],
  security_concerns: [
    {
      subject: 'Possible leaked API key',
      lines: [
        'One of our API keys was committed to a public repository by mistake.',
        'We revoked it, but we need to know whether it was used in the meantime.',
        'Can you send us the calls made with it since {weekday}?',
      ],
    },
    {
      subject: 'Suspicious requests from unknown IPs',
      lines: [
        'Our access log shows calls with our key from IP addresses we do not own.',
        'They started on {weekday}, about {count} requests so far.',
        'Can you block them and tell us what they accessed?',
      ],
    },
    {
      subject: 'Security questionnaire for our vendor review',
      lines: [
        'Our security team needs a completed questionnaire before renewing with you.',
        'It asks about encryption at rest, access reviews and incident response.',
        'Is there a SOC 2 report we can receive under NDA?',
      ],
    },
    {
      subject: 'Need to revoke access for a former employee now',
      lines: [
        'A former employee still has access to our dashboard and API keys.',
        'Their account is not in our single sign-on any more, but the session seems to live on.',
        'Please end their access today.',
      ],
    },
    {
      subject: 'Unexpected login to our dashboard',
      lines: [
        'We got a sign-in alert for our dashboard from {region} where nobody of ours is.',
        'We changed the password at once.',
        'Can you tell us what that session did?',
      ],
    },
  ],
  data_loss_reports: [
    {
      subject: 'Records missing from {endpoint} results',
      lines: [
        'Records we created last week no longer come back from {endpoint}.',
        'About {pct}% of them are gone; the ids of the others are still found.',
        'We never deleted anything; the request id of one lookup is req_{hex}.',
      ],
    },
    {
      subject: 'Data from last night appears to be gone',
      lines: [
        'Everything we wrote through {endpoint} last night is missing this morning.',
        'That is about {count} records.',
        'We need to know whether it can be restored.',
      ],
    },
    {
      subject: 'Webhook events lost during the incident',
      lines: [
        'During the incident on {weekday} we received none of the webhook events for {endpoint}.',
        'Your dashboard shows them as delivered, but our logs have nothing.',
        'Can the events from that window be sent again?',
      ],
    },
    {
      subject: 'Export is missing several days of data',
      lines: [
        'Our export from {endpoint} skips several days of data.',
        'The days before and after are complete.',
        'We rely on the export for our monthly reporting.',
      ],
    },
    {
      subject: 'Deleted objects reappearing and others gone',
      lines: [
        'Objects we deleted through {endpoint} are back, and others we kept are gone.',
        'It looks like an old copy of our data was restored over the current one.',
        'The request id of one affected lookup is req_{hex}.',
      ],
    },
  ],
  service_outage_reports: [
    {
      subject: 'API down for us?',
      lines: [
        'Every call to your API has failed for us since this morning, with HTTP {status}.',
        'Your status page still shows all systems green.',
        'Our servers are in {region}.',
      ],
    },
    {
      subject: 'All requests to {endpoint} failing with {status}',
      lines: [
        'Every request to {endpoint} fails with HTTP {status}.',
        'Nothing changed on our side, and other endpoints answer.',
        'The request id of one failure is req_{hex}.',
      ],
    },
    {
      subject: 'Dashboard not loading',
      lines: [
        'Your dashboard does not load for anyone on our team; it ends in HTTP {status}.',
        'We tried several browsers and networks.',
        'We need it to manage our API keys.',
      ],
    },
    {
      subject: 'Complete outage in {region}',
      lines: [
        'Nothing reaches your API from our {region} servers: every call fails with HTTP {status}.',
        'Calls from other regions still work.',
        'Our users in {region} cannot use our product at all.',
      ],
    },
    {
      subject: 'Is there an incident right now?',
      lines: [
        'Most of our calls to {endpoint} fail with HTTP {status} at the moment.',
        'We cannot find an incident on your status page.',
        'About {pct}% of our traffic is affected.',
      ],
    },
  ],
  invoice_questions: [
    {
      subject: 'Question about our {month} invoice',
      lines: [
        'Our {month} invoice came to {amount}, and we would like to understand its lines.',
        'Which period does the usage line on it cover?',
        'We are on the {plan} plan.',
      ],
    },
    {
      subject: 'Invoice total higher than expected',
      lines: [
        'Our {month} invoice is higher than the {amount} we expected on the {plan} plan.',
        'We cannot see what the difference is for.',
        'Could you break the total down for us?',
      ],
    },
    {
      subject: 'Need a copy of the {month} invoice with our VAT number',
      lines: [
        'Our accountant needs the {month} invoice with our VAT number on it.',
        'The copy we have shows only our company name.',
        'Can you reissue it with the number added?',
      ],
    },
    {
      subject: 'Line item on invoice not clear',
      lines: [
        'One line on our {month} invoice says only "adjustment".',
        'We do not know what it refers to.',
        'Could you tell us what it is for?',
      ],
    },
    {
      subject: 'Invoice sent to the wrong address',
      lines: [
        'Our {month} invoice went to a former colleague instead of our finance team.',
        'Please send invoices to our billing address from now on.',
        'Could you also resend the {month} invoice there?',
      ],
    },
  ],
  payment_method_updates: [
    {
      subject: 'Card declined, need to update payment method',
      lines: [
        'Our card was declined for the {month} invoice of {amount}.',
        'We have a new card and want to put it on file.',
        'Please charge the invoice again once it is updated.',
      ],
    },
    {
      subject: 'How do we switch to invoicing by bank transfer?',
      lines: [
        'We would rather pay by bank transfer than by card.',
        'Our finance team pays invoices of {amount} a month that way for other vendors.',
        'What do we need to send you to switch?',
      ],
    },
    {
      subject: 'Update the card on file',
      lines: [
        'The card on file for our account expires this month.',
        'We want to replace it with the card ending in {last4}.',
        'The next charge should go to the new card.',
      ],
    },
    {
      subject: 'Payment failed but the card is valid',
      lines: [
        'You told us the payment for our {month} invoice failed.',
        'Our card ending in {last4} is valid and has funds; our bank sees no declined charge.',
        'Could you try the charge of {amount} again?',
      ],
    },
    {
      subject: 'Our company card was replaced',
      lines: [
        'Our bank replaced our company card after a fraud alert.',
        'The new one ends in {last4}; please use it for our {amount} a month.',
        'The old card will decline from now on.',
      ],
    },
  ],
  usage_calculations: [
    {
      subject: 'Usage numbers do not match our logs',
      lines: [
        'The usage on our {month} invoice is higher than what our logs count.',
        'Our logs show {count} fewer calls than you billed.',
        'Do failed calls count as usage?',
      ],
    },
    {
      subject: 'How is overage calculated?',
      lines: [
        'We want to understand how overage is calculated on the {plan} plan.',
        'Is it billed per call above the included amount, or in blocks?',
        'Our {month} invoice has an overage line we want to predict next time.',
      ],
    },
    {
      subject: 'Unexpected overage on our {month} invoice',
      lines: [
        'Our {month} invoice has an overage line we did not expect.',
        'We thought the {plan} plan included all our calls.',
        'Can you show us the days the extra calls came from?',
      ],
    },
    {
      subject: 'API call count seems doubled',
      lines: [
        'The usage dashboard shows about twice the API calls we make.',
        'Are retries counted as separate calls?',
        'That would double our overage on the {plan} plan.',
      ],
    },
    {
      subject: 'Usage dashboard vs invoice mismatch',
      lines: [
        'The usage dashboard and our {month} invoice show different call counts.',
        'The invoice counts {count} more calls.',
        'Which of the two is right?',
      ],
    },
  ],
  plan_changes: [
    {
      subject: 'Upgrade from {plan} to the next tier',
      lines: [
        'We want to move from the {plan} plan to the next tier.',
        'Our usage has grown past what the {plan} plan includes.',
        'Does the change take effect at once, and how is the month prorated?',
      ],
    },
    {
      subject: 'Downgrade request',
      lines: [
        'We would like to downgrade from the {plan} plan.',
        'We use far less than it includes these days.',
        'Please make the change from the next billing date.',
      ],
    },
    {
      subject: 'Switch to annual billing',
      lines: [
        'We want to pay for the {plan} plan yearly instead of monthly.',
        'Is there a discount for paying a year in advance?',
        'Our next renewal is in {month}.',
      ],
    },
    {
      subject: 'Add seats to our plan',
      lines: [
        'We need more seats on the {plan} plan for new team members.',
        'Can seats be added without changing plans?',
        'About ten more people will need access.',
      ],
    },
    {
      subject: 'Pause our subscription for two months',
      lines: [
        'Our project is on hold and we would like to pause the {plan} plan for two months.',
        'We want to keep our data and settings meanwhile.',
        'Is a pause possible, or do we have to cancel?',
      ],
    },
  ],
  refund_requests: [
    {
      subject: 'Refund for duplicate charge',
      lines: [
        'We were charged {amount} twice for our {month} invoice.',
        'Our card ending in {last4} shows both charges.',
        'Please refund one of them.',
      ],
    },
    {
      subject: 'Requesting a refund for {month}',
      lines: [
        'We would like a refund of the {amount} charged for {month}.',
        'We could barely use the service that month.',
        'We are happy to stay on the {plan} plan.',
      ],
    },
    {
      subject: 'Charged after cancelling',
      lines: [
        'We cancelled before {month}, yet we were charged {amount} for it.',
        'We have the cancellation confirmation email.',
        'Please refund the charge.',
      ],
    },
    {
      subject: 'Refund the overage from the outage',
      lines: [
        'Please refund the overage on our {month} invoice: it comes from the outage on {weekday}.',
        'Our retries during the outage are what pushed us over the included calls.',
        'We think that part should be refunded.',
      ],
    },
    {
      subject: 'Partial refund request',
      lines: [
        'We would like a partial refund on our {month} invoice of {amount}.',
        'We moved to a smaller plan in the middle of the month.',
        'The difference should be credited to us.',
      ],
    },
  ],
  enhancement_requests: [
    {
      subject: 'Please support filtering by date on {endpoint}',
      lines: [
        'We would like to filter {endpoint} results by date.',
        'Today we page through everything and filter on our side.',
        'A created_after parameter would do.',
      ],
    },
    {
      subject: 'Feature idea: {feature}',
      lines: [
        'We would love to see {feature} in your API.',
        'Right now we build {feature} ourselves with a nightly script.',
        'Three other teams here would use it too.',
      ],
    },
    {
      subject: 'Allow larger batch sizes',
      lines: [
        'The batch size limit on {endpoint} is too small for our jobs.',
        'We send {count} items a run and have to split them into many calls.',
        'A larger limit would save us a lot of requests.',
      ],
    },
    {
      subject: 'Better error messages for {status} responses',
      lines: [
        'When {endpoint} answers HTTP {status}, the message does not say which field is wrong.',
        'Naming the field would save our developers a lot of guessing.',
        'Other APIs we use return the field path.',
      ],
    },
    {
      subject: 'Add sorting options to {endpoint}',
      lines: [
        'We would like to sort {endpoint} results by name or by date.',
        'Today we fetch everything and sort on our side.',
        'A sort parameter would let us show pages straight away.',
      ],
    },
  ],
  new_feature_inquiries: [
    {
      subject: 'Do you support {feature}?',
      lines: [
        'We could not find out whether you support {feature}.',
        'It is a requirement in our evaluation.',
        'If not, is it planned?',
      ],
    },
    {
      subject: 'Is {feature} on the roadmap?',
      lines: [
        'Is {feature} on your roadmap?',
        'We would plan our next quarter around it.',
        'We would happily test an early version.',
      ],
    },
    {
      subject: 'Timeline for {feature}?',
      lines: [
        'You mentioned {feature} as coming soon a while ago.',
        'Is there a date for it yet?',
        'Our launch depends on it.',
      ],
    },
    {
      subject: 'Beta access to {feature}',
      lines: [
        'We would like to join the beta for {feature}.',
        'We are on the {plan} plan and can give detailed feedback.',
        'Our team could start testing next week.',
      ],
    },
    {
      subject: 'Any plans for {feature} in {region}?',
      lines: [
        'We need {feature} for our customers in {region}.',
        'Is it available there, or planned?',
        'It decides where we host our product.',
      ],
    },
  ],
  integration_requests: [
    {
      subject: 'Native {integration} integration?',
      lines: [
        'Do you plan a native {integration} integration?',
        'Today we move data into {integration} with our own scripts.',
        'A built-in integration would save us maintaining them.',
      ],
    },
    {
      subject: 'Connector for {integration}',
      lines: [
        'We need a connector that sends your data to {integration}.',
        'Our analysts live in {integration}.',
        'Is there one, official or from a partner?',
      ],
    },
    {
      subject: 'Official {integration} app',
      lines: [
        'Is there an official {integration} app for your API?',
        'The community one we use is no longer maintained.',
        'We would switch to an official one right away.',
      ],
    },
    {
      subject: 'Sync data into {integration}',
      lines: [
        'We want to sync our records from your API into {integration} every hour.',
        'What is the recommended way to do that?',
        'We sync about {count} records a day.',
      ],
    },
    {
      subject: 'Support for {integration} webhooks',
      lines: [
        'Could your webhooks deliver straight to {integration}?',
        'Today we relay them through a small server of our own.',
        'Native support would remove a moving part.',
      ],
    },
  ],
  account_questions: [
    {
      subject: 'How do I add a teammate?',
      lines: [
        'I want to invite a teammate to our account.',
        'I cannot find the invite button in the dashboard.',
        'They need access to our API keys too.',
      ],
    },
    {
      subject: 'Change the account owner',
      lines: [
        'Our account owner is leaving the company.',
        'We want to make our head of engineering the new owner.',
        'What do you need from us to change it?',
      ],
    },
    {
      subject: 'Merge two accounts',
      lines: [
        'Our company has two accounts with you after a reorganisation.',
        'We would like to merge them into one, keeping the {plan} plan.',
        'Can the API keys of both keep working?',
      ],
    },
    {
      subject: 'Update our company name',
      lines: [
        'We changed our company name.',
        'Please update it on our account and on future invoices.',
        'The legal entity stays the same.',
      ],
    },
    {
      subject: 'Close one of our workspaces',
      lines: [
        'We want to close one of our two workspaces.',
        'Its API keys are no longer in use.',
        'Will closing it change our bill on the {plan} plan?',
      ],
    },
  ],
  how_to_questions: [
    {
      subject: 'How to paginate through results',
      lines: [
        'How do we page through all results of {endpoint}?',
        'We only ever get the first page back.',
        'We call it with {sdk}.',
      ],
    },
    {
      subject: 'Best way to retry failed requests',
      lines: [
        'What is the recommended way to retry failed calls to {endpoint}?',
        'We do not want to create duplicates when a retry succeeds twice.',
        'Should we use idempotency keys for that?',
      ],
    },
    {
      subject: 'How do I test in sandbox?',
      lines: [
        'How do we test our integration in a sandbox before going live?',
        'We do not want test calls to count against our {plan} plan.',
        'Is there a separate key for it?',
      ],
    },
    {
      subject: 'How to verify webhook signatures',
      lines: [
        'How do we verify the signature on your webhooks?',
        'We use {sdk} and could not find a helper for it.',
        'An example would help.',
      ],
    },
    {
      subject: 'How to filter events by type',
      lines: [
        'How do we receive only some event types from {endpoint}?',
        'We get every event today and drop most of them.',
        'Is there a filter when subscribing?',
      ],
    },
  ],
  other_inquiries: [
    {
      subject: 'Partnership inquiry',
      lines: [
        'We would like to talk about a partnership.',
        'Our product and yours share many customers.',
        'Who would be the right person to speak to?',
      ],
    },
    {
      subject: 'Feedback on the new dashboard',
      lines: [
        'Some feedback on the new dashboard.',
        'It is faster, but the usage chart is harder to find.',
        'Could the old chart be brought back to the front page?',
      ],
    },
    {
      subject: 'Speaking at our meetup?',
      lines: [
        'We run a developer meetup and would love a talk from your team.',
        'The next one is on a {weekday} evening next month.',
        'About a hundred developers usually come.',
      ],
    },
    {
      subject: 'Case study request',
      lines: [
        'We would be glad to be a case study for your API.',
        'We built our product on {endpoint}.',
        'Our marketing team can help with the write-up.',
      ],
    },
    {
      subject: 'General question about the API',
      lines: [
        'A general question about the API before we start building.',
        'Is there a limit on how long we may keep the data we fetch?',
        'We could not find it in the terms.',
      ],
    },
  ],
};
