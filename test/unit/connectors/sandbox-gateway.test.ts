import { describe, expect, it } from 'vitest';
import { SandboxGateway } from '../../../src/connectors/sandbox-gateway.ts';

describe('SandboxGateway', () => {
  const base = { customerId: 'c1', invoiceId: 'i1', amountCents: 5_000, currency: 'usd' };

  it('decides outcomes by payment method like Stripe test cards', async () => {
    const g = new SandboxGateway();
    const outcome = async (pm: string, key: string) => g.charge({ ...base, paymentMethod: pm, idempotencyKey: key });
    expect(await outcome('pm_card_visa', 'a')).toMatchObject({
      status: 'succeeded',
      disputed: false,
      amountCents: 5_000,
    });
    expect(await outcome('pm_card_createDispute', 'b')).toMatchObject({ status: 'succeeded', disputed: true });
    expect(await outcome('pm_card_chargeDeclinedInsufficientFunds', 'c')).toMatchObject({
      status: 'declined',
      declineCode: 'insufficient_funds',
      adviceCode: 'try_again_later',
    });
    expect(await outcome('pm_card_chargeDeclinedStolenCard', 'd')).toMatchObject({
      status: 'declined',
      declineCode: 'stolen_card',
      adviceCode: 'do_not_try_again',
    });
    expect(await outcome('pm_card_chargeDeclinedIncorrectNumber', 'e')).toMatchObject({
      declineCode: 'incorrect_number',
    });
    expect(await outcome('pm_nonsense', 'f')).toMatchObject({
      status: 'declined',
      declineCode: 'invalid_payment_method',
    });
  });

  it('answers a repeated idempotency key with the first result', async () => {
    const g = new SandboxGateway();
    const first = await g.charge({ ...base, paymentMethod: 'pm_card_visa', idempotencyKey: 'same' });
    const second = await g.charge({
      ...base,
      paymentMethod: 'pm_card_chargeDeclinedStolenCard',
      idempotencyKey: 'same',
    });
    expect(second).toEqual(first);
    expect(g.requests).toHaveLength(2);
  });
});
