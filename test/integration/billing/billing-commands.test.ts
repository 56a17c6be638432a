/**
 * Billing's domain commands on every database: each changes the recovery case, the customer's
 * status and the invoice together in one transaction with its events, writes only the columns it
 * means to (a status change is not a rewrite of the customer), and changes nothing twice when run
 * again after a crash.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openBillingDomain,
  paymentOfGatewayCharge,
  type BillingDomain,
  type NewRecoveryCase,
} from '../../../src/domain/billing/index.ts';
import { openDomain, type Customer, type Domain } from '../../../src/domain/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { RecordingSink } from '../../helpers/recording-sink.ts';
import { customerInput, invoiceInput } from '../../helpers/domain-fixtures.ts';

const FAILED_AT = Date.UTC(2025, 1, 1, 6);

const newCase = (overrides: Partial<NewRecoveryCase> = {}): NewRecoveryCase => ({
  invoiceId: 'in_001',
  customerId: 'cus_acme',
  runId: 'run_1',
  amountCents: 25_900,
  currency: 'usd',
  failedAt: FAILED_AT,
  declineCode: 'insufficient_funds',
  declineType: 'soft',
  disputed: false,
  attempts: 1,
  ...overrides,
});

/** Everything about a customer except what a status change may touch. */
const withoutStatus = ({ status: _s, version: _v, updatedAt: _u, ...rest }: Customer) => rest;

for (const factory of databaseFactories()) {
  describe(`billing commands on ${factory.name}`, () => {
    let db: Database;
    let sink: RecordingSink;
    let domain: Domain;
    let billing: BillingDomain;
    let now: number;

    beforeEach(async () => {
      db = await factory.create();
      sink = new RecordingSink();
      now = FAILED_AT;
      domain = await openDomain({ db: db.db, events: sink, now: () => now, csmIds: ['sam'] });
      billing = openBillingDomain({
        database: db.db,
        ingest: domain.ingest,
        relay: domain.relay,
        domainQueries: domain.queries,
        now: () => now,
      });
      await domain.ingest.ingest('customers', [customerInput(), customerInput({ id: 'cus_gone', status: 'churned' })]);
      await domain.ingest.ingest('invoices', [
        invoiceInput(),
        invoiceInput({ id: 'in_002', customerId: 'cus_gone', number: 'PZ-2' }),
      ]);
      sink.events.length = 0;
    });
    afterEach(() => db.close());

    const published = () => sink.events.map((e) => e.id);

    it('opens a case and marks the customer past due in one write, changing the status column alone', async () => {
      const before = (await domain.queries.getCustomer('cus_acme'))!;
      await billing.commands.openCase(newCase());
      const opened = await billing.queries.getCase('in_001');
      expect(opened).toMatchObject({ invoiceId: 'in_001', status: 'open', restriction: 'none', attempts: 1 });
      const after = (await domain.queries.getCustomer('cus_acme'))!;
      expect(after).toMatchObject({ status: 'past_due', version: before.version + 1 });
      expect(withoutStatus(after)).toEqual(withoutStatus(before));
      expect(published()).toEqual(['billing.case_opened:in_001', `customer.updated:cus_acme:v${after.version}`]);
      expect(sink.events[1]!.payload).toMatchObject({
        customerId: 'cus_acme',
        changes: ['status'],
        previous: { status: 'active' },
        customer: { status: 'past_due' },
      });

      now += 1_000;
      await billing.commands.openCase(newCase({ runId: 'run_again' }));
      expect(await billing.queries.getCase('in_001')).toEqual(opened);
      expect(published()).toHaveLength(2);
      expect(await domain.relay.pending()).toBe(0);
    });

    it('settles a paying charge, closes the case and restores the customer together, once', async () => {
      await billing.commands.openCase(newCase());
      now = FAILED_AT + 86_400_000;
      const charge = {
        invoiceId: 'in_001',
        customerId: 'cus_acme',
        amountCents: 25_900,
        currency: 'usd',
        attempt: 2,
        at: now,
        result: { status: 'succeeded' as const, chargeId: 'ch_1', amountCents: 25_900, disputed: false },
      };
      const recovery = { by: 'automatic_retry' as const, messageBeforeRecovery: 'payment_failure_notification' };
      sink.events.length = 0;
      expect(await billing.commands.recordCharge(charge, recovery)).toEqual({ paid: true });
      expect((await domain.queries.getInvoice('in_001'))!.status).toBe('paid');
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('active');
      expect(await billing.queries.getCase('in_001')).toMatchObject({
        status: 'recovered',
        attempts: 2,
        recoveredAttempt: 2,
        recoveredBy: 'automatic_retry',
        messageBeforeRecovery: 'payment_failure_notification',
        recoveredAt: now,
        closedAt: now,
      });
      expect(sink.topics()).toEqual(
        expect.arrayContaining(['payment.succeeded', 'invoice.paid', 'billing.case_closed', 'customer.updated']),
      );

      const count = sink.events.length;
      now += 1_000;
      expect(await billing.commands.recordCharge(charge, recovery)).toEqual({ paid: true });
      expect(sink.events).toHaveLength(count);
      expect((await billing.queries.getCase('in_001'))!.closedAt).toBe(now - 1_000);
    });

    it('counts a failed charge against the case without closing it', async () => {
      await billing.commands.openCase(newCase());
      const declined = {
        status: 'declined' as const,
        chargeId: 'ch_2',
        declineCode: 'insufficient funds!',
        adviceCode: 'not_a_code',
        message: 'declined',
      };
      const charge = { invoiceId: 'in_001', customerId: 'cus_acme', amountCents: 25_900, currency: 'usd' };
      const paid = await billing.commands.recordCharge({ ...charge, attempt: 2, at: now, result: declined }, null);
      expect(paid).toEqual({ paid: false });
      const attempt = (await domain.queries.listPayments({ invoiceId: 'in_001' }))[0]!;
      expect(attempt).toMatchObject({ status: 'failed', declineCode: 'card_declined', adviceCode: null });
      const counted = await billing.commands.recordCharge(
        { ...charge, attempt: 3, at: now, result: declined },
        {
          by: 'automatic_retry',
          messageBeforeRecovery: null,
        },
      );
      expect(counted).toEqual({ paid: false });
      expect(await billing.queries.getCase('in_001')).toMatchObject({ status: 'open', attempts: 3 });
    });

    it('suspends with the case, lifts on an extension, and writes an invoice off with access restored', async () => {
      await billing.commands.openCase(newCase());
      now += 7 * 86_400_000;
      await billing.commands.restrictAccess('in_001', 'suspended', 'grace period over');
      expect(await billing.queries.getCase('in_001')).toMatchObject({ restriction: 'suspended', restrictedSince: now });
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('suspended');
      const suspension = sink.events.find((e) => e.topic === 'customer.updated' && e.id.endsWith(':v3'));
      expect(suspension?.payload).toMatchObject({ reason: 'grace period over', customer: { status: 'suspended' } });

      const count = sink.events.length;
      await billing.commands.restrictAccess('in_001', 'suspended', 'again');
      expect(sink.events).toHaveLength(count);

      await billing.commands.liftRestriction('in_001', 'a person extended the grace period');
      expect(await billing.queries.getCase('in_001')).toMatchObject({ restriction: 'none', restrictedSince: null });
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('past_due');

      await billing.commands.closeCase('in_001', { status: 'written_off' });
      expect(await billing.queries.getCase('in_001')).toMatchObject({ status: 'written_off', closedAt: now });
      expect((await domain.queries.getInvoice('in_001'))!.status).toBe('uncollectible');
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('active');
      expect(sink.topics()).toEqual(
        expect.arrayContaining(['invoice.marked_uncollectible', 'billing.case_closed', 'billing.access_restricted']),
      );
      const closed = sink.events.length;
      await billing.commands.closeCase('in_001', {
        status: 'recovered',
        by: 'outside_payment',
        messageBeforeRecovery: null,
      });
      expect(sink.events).toHaveLength(closed);
      expect((await billing.queries.getCase('in_001'))!.status).toBe('written_off');
    });

    it("leaves a churned customer's lifecycle status alone", async () => {
      await billing.commands.openCase(newCase({ invoiceId: 'in_002', customerId: 'cus_gone' }));
      await billing.commands.restrictAccess('in_002', 'suspended', 'grace period over');
      expect((await billing.queries.getCase('in_002'))!.restriction).toBe('suspended');
      expect((await domain.queries.getCustomer('cus_gone'))!.status).toBe('churned');
      expect(sink.topics()).not.toContain('customer.updated');
    });

    it('refuses a case for a customer that does not exist and writes nothing', async () => {
      await expect(billing.commands.openCase(newCase({ customerId: 'cus_missing' }))).rejects.toMatchObject({
        code: 'BILLING_DATA_MISSING',
      });
      expect(await billing.queries.getCase('in_001')).toBeNull();
      expect(published()).toEqual([]);
    });

    it('records a message once and makes a sent one the case’s last message', async () => {
      await billing.commands.openCase(newCase());
      const message = {
        invoiceId: 'in_001',
        day: 1,
        channel: 'email' as const,
        template: 'payment_failure_notification',
        status: 'sent' as const,
        detail: 'ops@acme.example',
        sentAt: now,
      };
      await billing.commands.recordMessage(message);
      await billing.commands.recordMessage({ ...message, template: 'other' });
      expect(await billing.queries.messages('in_001')).toEqual([message]);
      expect((await billing.queries.getCase('in_001'))!.lastMessage).toBe('payment_failure_notification');
      expect(published().filter((id) => id.startsWith('billing.message_recorded'))).toEqual([
        'billing.message_recorded:in_001:1:email',
      ]);
    });

    it('tells recovery runs about a card update, and not about imported cards', async () => {
      await billing.commands.setPaymentMethods([{ customerId: 'cus_acme', paymentMethod: 'pm_card_visa' }]);
      expect(published()).toEqual([]);
      await billing.commands.updatePaymentMethod('cus_acme', 'pm_card_mastercard');
      expect(await billing.queries.paymentMethodOf('cus_acme')).toBe('pm_card_mastercard');
      expect(sink.events).toEqual([
        {
          id: `billing.recovery_news:card:cus_acme:${now}`,
          topic: 'billing.recovery_news',
          payload: { kind: 'payment_method_updated', customerId: 'cus_acme', paymentMethod: 'pm_card_mastercard' },
        },
      ]);
    });

    it('waits for a person from the hand-over until the decision is recorded, once', async () => {
      await billing.commands.openCase(newCase());
      now += 1_000;
      await billing.commands.recordEscalation('in_001', 1, { awaitsPerson: true });
      expect(await billing.queries.getCase('in_001')).toMatchObject({
        escalations: 1,
        waitingSince: now,
        lastDecision: null,
      });
      expect((await billing.queries.metrics()).waitingForPerson).toBe(1);
      now += 60_000;
      const decision = {
        outcome: 'rejected' as const,
        summary: 'Sam Singh rejected; the automated recovery schedule continues',
      };
      await billing.commands.recordDecision('in_001', 1, decision);
      await billing.commands.recordDecision('in_001', 1, decision);
      expect(await billing.queries.getCase('in_001')).toMatchObject({
        waitingSince: null,
        lastDecision: { ...decision, at: now },
      });
      expect((await billing.queries.metrics()).waitingForPerson).toBe(0);
      expect(published().filter((id) => id.startsWith('billing.case_decided'))).toEqual([
        'billing.case_decided:in_001:1',
      ]);
      // Version 1 runs hand over without waiting on the case.
      await billing.commands.recordEscalation('in_001', 2);
      expect((await billing.queries.getCase('in_001'))!.waitingSince).toBeNull();
    });

    it('marks an open case disputed once, and reopens a closed one for the run of a later dispute', async () => {
      await billing.commands.openCase(newCase());
      await billing.commands.recordDispute('in_001', 'pay_in_001_1');
      await billing.commands.recordDispute('in_001', 'pay_in_001_1');
      expect((await billing.queries.getCase('in_001'))!.disputed).toBe(true);
      expect(published().filter((id) => id.startsWith('billing.case_disputed'))).toEqual([
        'billing.case_disputed:in_001:pay_in_001_1',
      ]);

      await billing.commands.closeCase('in_001', {
        status: 'recovered',
        by: 'card_update',
        messageBeforeRecovery: null,
      });
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('active');
      now += 86_400_000;
      const dispute = newCase({
        runId: 'run_dispute',
        declineCode: 'disputed',
        declineType: 'hard',
        disputed: true,
        failedAt: now,
        attempts: 2,
      });
      await billing.commands.openCase(dispute);
      await billing.commands.openCase(dispute);
      expect(await billing.queries.getCase('in_001')).toMatchObject({
        runId: 'run_dispute',
        status: 'open',
        disputed: true,
        declineType: 'hard',
        failedAt: now,
        attempts: 2,
        escalations: 0,
        recoveredBy: null,
        closedAt: null,
      });
      expect((await domain.queries.getCustomer('cus_acme'))!.status).toBe('past_due');
      expect(published().filter((id) => id.startsWith('billing.case_opened'))).toEqual([
        'billing.case_opened:in_001',
        'billing.case_opened:in_001:reopened:run_dispute',
      ]);
    });

    it('keeps the gateway charge id beside the payment, and counts an invoice whose only payment is disputed as unpaid', async () => {
      await billing.commands.openCase(newCase());
      const charge = {
        invoiceId: 'in_001',
        customerId: 'cus_acme',
        amountCents: 25_900,
        currency: 'usd',
        attempt: 2,
        at: now,
        result: { status: 'succeeded' as const, chargeId: 'ch_disputed', amountCents: 25_900, disputed: true },
      };
      expect(
        await billing.commands.recordCharge(charge, { by: 'automatic_retry', messageBeforeRecovery: null }),
      ).toEqual({
        paid: false,
      });
      const paymentId = await db.db.transaction((trx) => paymentOfGatewayCharge(trx, 'ch_disputed'));
      expect(paymentId).toBe('pay_in_001_2');
      expect(await billing.queries.isInvoicePaid('in_001')).toBe(false);
      // Marked paid elsewhere (an import without a charge): paid.
      await domain.ingest.ingest('invoices', [invoiceInput({ id: 'in_003', number: 'PZ-3', status: 'paid' })]);
      expect(await billing.queries.isInvoicePaid('in_003')).toBe(true);
    });
  });
}
