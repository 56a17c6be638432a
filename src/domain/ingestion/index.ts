export {
  ENTITIES,
  ENTITY_NAMES,
  entityDef,
  isEntityName,
  type EntityDef,
  type EntityName,
  type EntityRecords,
} from './entities.ts';
export { IngestionService, type IngestOptions, type IngestionDeps, type PreparedBatch } from './service.ts';
export type { BatchReport, RecordReport } from './report.ts';
export { planColumns, rowToRecord, type ColumnPlan } from './csv-columns.ts';
export {
  importCsv,
  type CsvImportOptions,
  type CsvImportProgress,
  type CsvImportReport,
  type CsvRowError,
} from './csv-import.ts';
export { StripeWebhookService, type StripeWebhookDeps, type StripeWebhookResult } from './stripe-webhooks.ts';
export { planStripeEvent, type PlannedBatch, type StripePlan } from './stripe-mapping.ts';
