export { upsertMany, chunked, type UpsertSpec, type UpsertResult } from './bulk.ts';
export type { EntityWriter, Item, Rejection, WriteContext, WriteOutcome } from './context.ts';
export { customerFromRow, findCustomerByStripeId, readCustomers, writeCustomers } from './customers.ts';
export { writeHealth, writeMetrics, writeTargets, writeUsage } from './facts.ts';
export { invoiceFromRow, readInvoices, writeInvoices } from './invoices.ts';
export { paymentFromRow, readPayments, writePayments } from './payments.ts';
export { readTickets, ticketFromRow, writeTickets } from './tickets.ts';
export { DomainQueries, type CustomerFilter, type TicketFilter } from './queries.ts';
