import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../../../src/connectors/stripe-gateway.ts';
import { expanded, startFakeStripe, type FakeStripe } from '../../helpers/fake-stripe.ts';

describe('StripeGateway against a server speaking Stripe’s wire format', () => {
  let fake: FakeStripe;
  let gateway: StripeGateway;
  beforeAll(async () => {
    fake = await startFakeStripe();
    gateway = new StripeGateway({ secretKey: 'sk_test_psizero', apiBase: fake.url });
  });
  afterAll(() => fake.close());

  const base = { customerId: 'cus_1', invoiceId: 'in_1', amountCents: 240_000, currency: 'USD' };

  it('charges with the step idempotency key and never twice for one key', async () => {
    const first = await gateway.charge({ ...base, paymentMethod: 'pm_card_visa', idempotencyKey: 'run_1:charge' });
    const replay = await gateway.charge({ ...base, paymentMethod: 'pm_card_visa', idempotencyKey: 'run_1:charge' });
    expect(first).toMatchObject({ status: 'succeeded', amountCents: 240_000 });
    expect(replay).toEqual(first);
    expect(fake.charges).toEqual([{ idempotencyKey: 'run_1:charge', amount: 240_000, paymentMethod: 'pm_card_visa' }]);
    const req = fake.requests[0]!;
    expect(req.authorization).toBe('Bearer sk_test_psizero');
    expect(req.body.get('confirm')).toBe('true');
    expect(req.body.get('off_session')).toBe('true');
    expect(req.body.get('currency')).toBe('usd');
    expect(req.body.get('metadata[invoice_id]')).toBe('in_1');
  });

  it('turns card errors into declines with decline and advice codes', async () => {
    expect(
      await gateway.charge({ ...base, paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds', idempotencyKey: 'k2' }),
    ).toMatchObject({
      status: 'declined',
      declineCode: 'insufficient_funds',
      adviceCode: 'try_again_later',
    });
    expect(
      await gateway.charge({ ...base, paymentMethod: 'pm_card_chargeDeclinedStolenCard', idempotencyKey: 'k3' }),
    ).toMatchObject({
      status: 'declined',
      declineCode: 'stolen_card',
      adviceCode: 'do_not_try_again',
    });
  });

  it("reads the dispute from Stripe's charge object, so a disputed charge is never taken for a payment", async () => {
    const ok = await gateway.charge({ ...base, paymentMethod: 'pm_card_visa', idempotencyKey: 'k-ok' });
    expect(ok).toMatchObject({ status: 'succeeded', disputed: false });
    const disputed = await gateway.charge({ ...base, paymentMethod: 'pm_card_createDispute', idempotencyKey: 'k-dp' });
    expect(disputed).toMatchObject({
      status: 'succeeded',
      disputed: true,
      chargeId: expect.stringMatching(/^ch_fake_/) as string,
    });
    expect(expanded(fake.requests.at(-1)!.body)).toEqual(['latest_charge']);
  });

  it('throws on server errors so the engine retries the step with the same key', async () => {
    fake.failNext = 1;
    await expect(gateway.charge({ ...base, paymentMethod: 'pm_card_visa', idempotencyKey: 'k4' })).rejects.toThrow(
      /went wrong/,
    );
    expect(await gateway.charge({ ...base, paymentMethod: 'pm_card_visa', idempotencyKey: 'k4' })).toMatchObject({
      status: 'succeeded',
    });
    expect(fake.charges.filter((c) => c.idempotencyKey === 'k4')).toHaveLength(1);
  });
});
