/**
 * The entities ingestion accepts, by the name used in routes and on the command line
 * (`psizero import customers file.csv`): schema, identity and writer of each.
 */
import type { z } from 'zod';
import { UnknownEntityError } from '../errors.ts';
import {
  CustomerInputSchema,
  DailyMetricsInputSchema,
  HealthSampleInputSchema,
  InvoiceInputSchema,
  MetricTargetInputSchema,
  PaymentAttemptInputSchema,
  TicketInputSchema,
  UsageInputSchema,
  type CustomerRecord,
  type DailyMetricsRecord,
  type HealthSampleRecord,
  type InvoiceRecord,
  type MetricTargetRecord,
  type PaymentAttemptRecord,
  type TicketRecord,
  type UsageRecord,
} from '../model/index.ts';
import {
  writeCustomers,
  writeHealth,
  writeInvoices,
  writeMetrics,
  writePayments,
  writeTargets,
  writeTickets,
  writeUsage,
  type EntityWriter,
} from '../repo/index.ts';

export interface EntityRecords {
  customers: CustomerRecord;
  usage: UsageRecord;
  invoices: InvoiceRecord;
  payments: PaymentAttemptRecord;
  tickets: TicketRecord;
  health: HealthSampleRecord;
  metrics: DailyMetricsRecord;
  targets: MetricTargetRecord;
}

export type EntityName = keyof EntityRecords;

export interface EntityDef<R> {
  name: EntityName;
  /** Validates one input record into the stored record type. */
  schema: z.ZodType<R>;
  /** The input fields, for CSV headers and cell conversion. */
  shape: Readonly<Record<string, z.ZodType>>;
  /** The fields that identify a record: re-sending the same identity upserts. */
  keyFields: readonly string[];
  keyOf(record: R): string;
  write: EntityWriter<R>;
  /**
   * Fields PsiZero shows but works out itself, each with why: given as input (a CSV column, a JSON
   * field) they are refused with that reason, never silently taken or dropped.
   */
  derived: Readonly<Record<string, string>>;
}

const derivedFrom = (what: string): string => `derived: PsiZero works it out from ${what}; leave it out`;

function entity<R>(def: EntityDef<R>): EntityDef<R> {
  return def;
}

export const ENTITIES: { readonly [E in EntityName]: EntityDef<EntityRecords[E]> } = {
  customers: entity({
    name: 'customers',
    schema: CustomerInputSchema,
    shape: CustomerInputSchema.shape,
    keyFields: ['id'],
    keyOf: (r) => r.id,
    write: writeCustomers,
    derived: {
      segment: derivedFrom(
        "employeeCount, developerTeamSize and monthlyPriceCents by the seed's rule (startup, enterprise, developer, mid_market)",
      ),
    },
  }),
  usage: entity({
    name: 'usage',
    schema: UsageInputSchema,
    shape: UsageInputSchema.shape,
    keyFields: ['customerId', 'day'],
    keyOf: (r) => `${r.customerId}:${r.day}`,
    write: writeUsage,
    derived: {},
  }),
  invoices: entity({
    name: 'invoices',
    schema: InvoiceInputSchema,
    shape: InvoiceInputSchema.shape,
    keyFields: ['id'],
    keyOf: (r) => r.id,
    write: writeInvoices,
    derived: {},
  }),
  payments: entity({
    name: 'payments',
    schema: PaymentAttemptInputSchema,
    shape: PaymentAttemptInputSchema.shape,
    keyFields: ['id'],
    keyOf: (r) => r.id,
    write: writePayments,
    derived: { declineType: derivedFrom('declineCode and adviceCode (soft or hard)') },
  }),
  tickets: entity({
    name: 'tickets',
    schema: TicketInputSchema,
    shape: TicketInputSchema.shape,
    keyFields: ['id'],
    keyOf: (r) => r.id,
    write: writeTickets,
    derived: {},
  }),
  health: entity({
    name: 'health',
    schema: HealthSampleInputSchema,
    shape: HealthSampleInputSchema.shape,
    keyFields: ['service', 'at'],
    keyOf: (r) => `${r.service}:${r.at}`,
    write: writeHealth,
    derived: { uptimePct: derivedFrom('windowMinutes and downtimeMinutes') },
  }),
  metrics: entity({
    name: 'metrics',
    schema: DailyMetricsInputSchema,
    shape: DailyMetricsInputSchema.shape,
    keyFields: ['day'],
    keyOf: (r) => r.day,
    write: writeMetrics,
    derived: {},
  }),
  targets: entity({
    name: 'targets',
    schema: MetricTargetInputSchema,
    shape: MetricTargetInputSchema.shape,
    keyFields: ['metric', 'day'],
    keyOf: (r) => `${r.metric}:${r.day}`,
    write: writeTargets,
    derived: {},
  }),
};

export const ENTITY_NAMES = Object.keys(ENTITIES) as EntityName[];

export function isEntityName(name: string): name is EntityName {
  return Object.hasOwn(ENTITIES, name);
}

export function entityDef(name: string): EntityDef<EntityRecords[EntityName]> {
  if (!isEntityName(name)) throw new UnknownEntityError(name, ENTITY_NAMES);
  return ENTITIES[name] as EntityDef<EntityRecords[EntityName]>;
}
