/** The local outbox of customer messages: captured by the customer messenger, read by the dashboard and the API. */
export {
  CustomerOutbox,
  MAX_OUTBOX_PAGE,
  OUTBOX_CHANNELS,
  outboxIdFor,
  type CaptureInput,
  type OutboxChannel,
  type OutboxFilter,
  type OutboxMessage,
} from './customer-outbox.ts';
