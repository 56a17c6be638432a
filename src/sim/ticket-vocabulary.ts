/**
 * The vocabulary support tickets draw their slots from ({endpoint}, {sdk}, {status}, {feature},
 * {integration}, {region}), and the shape of a topic (ticket-topics.ts lists them; ticket-text.ts
 * composes tickets from both).
 */
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
