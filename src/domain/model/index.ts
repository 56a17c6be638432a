export {
  CentsSchema,
  CountSchema,
  CurrencySchema,
  DaySchema,
  IdSchema,
  SignedCentsSchema,
  SlugSchema,
  TimestampSchema,
} from './common.ts';
export {
  SEGMENTS,
  SEGMENT_LABELS,
  SEGMENT_RULES,
  classifySegment,
  type Segment,
  type SegmentFacts,
} from './segments.ts';
export {
  CUSTOMER_STATUSES,
  USE_CASES,
  CustomerInputSchema,
  customerFields,
  type Customer,
  type CustomerInput,
  type CustomerRecord,
  type CustomerStatus,
} from './customer.ts';
export { UsageInputSchema, type Usage, type UsageInput, type UsageRecord } from './usage.ts';
export {
  INVOICE_STATUSES,
  LINE_KINDS,
  InvoiceInputSchema,
  InvoiceLineSchema,
  invoiceFields,
  sumLines,
  type Invoice,
  type InvoiceInput,
  type InvoiceLine,
  type InvoiceRecord,
  type InvoiceStatus,
} from './invoice.ts';
export {
  ADVICE_CODES,
  DECLINE_CODES,
  classifyDecline,
  type AdviceCode,
  type DeclineClassification,
  type DeclineCodeInfo,
  type DeclineType,
} from './decline-codes.ts';
export {
  PAYMENT_STATUSES,
  PaymentAttemptInputSchema,
  paymentFields,
  type PaymentAttempt,
  type PaymentAttemptInput,
  type PaymentAttemptRecord,
} from './payment.ts';
export {
  TICKET_CATEGORIES,
  TICKET_CHANNELS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
  TICKET_SUBCATEGORIES,
  TICKET_TAXONOMY,
  TicketInputSchema,
  ticketFields,
  type Ticket,
  type TicketCategory,
  type TicketInput,
  type TicketRecord,
  type TicketSubcategory,
} from './ticket.ts';
export {
  HealthSampleInputSchema,
  uptimePct,
  type HealthSample,
  type HealthSampleInput,
  type HealthSampleRecord,
} from './health.ts';
export {
  DailyMetricsInputSchema,
  MetricTargetInputSchema,
  TARGET_METRICS,
  type DailyMetrics,
  type DailyMetricsInput,
  type DailyMetricsRecord,
  type MetricTarget,
  type MetricTargetInput,
  type MetricTargetRecord,
  type TargetMetric,
} from './metrics.ts';
