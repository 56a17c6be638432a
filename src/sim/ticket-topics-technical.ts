/** What customers write technical support tickets about: integration errors, authentication, rate limits, performance, documentation, security, data loss, outages. */
import type { TICKET_TAXONOMY } from '../domain/model/index.ts';
import type { Topic } from './ticket-vocabulary.ts';

export const TECHNICAL_TOPICS: Record<(typeof TICKET_TAXONOMY)['technical'][number], readonly Topic[]> = {
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
};
