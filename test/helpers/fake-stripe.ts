import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStripe {
  url: string;
  /** Charges the server actually made (idempotent replays excluded). */
  charges: { idempotencyKey: string; amount: number; paymentMethod: string }[];
  requests: {
    path: string;
    idempotencyKey: string | undefined;
    authorization: string | undefined;
    body: URLSearchParams;
  }[];
  failNext: number;
  close(): Promise<void>;
}

const DECLINES: Record<string, { decline_code: string; advice_code?: string; message: string }> = {
  pm_card_chargeDeclinedInsufficientFunds: {
    decline_code: 'insufficient_funds',
    advice_code: 'try_again_later',
    message: 'Your card has insufficient funds.',
  },
  pm_card_chargeDeclinedStolenCard: {
    decline_code: 'stolen_card',
    advice_code: 'do_not_try_again',
    message: 'Your card was declined.',
  },
};

/** Stripe's SDK sends `expand[0]=…`; curl users send `expand[]=…`. */
export function expanded(body: URLSearchParams): string[] {
  return [...body.entries()].filter(([k]) => /^expand\[\d*\]$/.test(k)).map(([, v]) => v);
}

/**
 * A local server answering like Stripe's API for POST /v1/payment_intents (form-encoded request,
 * PaymentIntent JSON or a 402 card_error), honouring Idempotency-Key the way Stripe does: a repeated
 * key replays the first response with `Idempotent-Replayed: true`. `expand[]=latest_charge` returns
 * the charge object; `pm_card_createDispute` succeeds with a charge that is disputed.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const replies = new Map<string, { status: number; body: string }>();
  const fake: FakeStripe = { url: '', charges: [], requests: [], failNext: 0, close: async () => undefined };
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = new URLSearchParams(raw);
      const key = req.headers['idempotency-key'] as string | undefined;
      fake.requests.push({ path: req.url ?? '', idempotencyKey: key, authorization: req.headers.authorization, body });
      const send = (status: number, json: string, replayed = false): void => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${++n}`,
          ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
        });
        res.end(json);
      };
      if (req.method !== 'POST' || req.url !== '/v1/payment_intents')
        return send(
          404,
          JSON.stringify({ error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } }),
        );
      if (fake.failNext > 0) {
        fake.failNext--;
        return send(
          500,
          JSON.stringify({ error: { type: 'api_error', message: "Something went wrong on Stripe's end." } }),
        );
      }
      if (key && replies.has(key)) {
        const prev = replies.get(key)!;
        return send(prev.status, prev.body, true);
      }
      const pm = body.get('payment_method') ?? '';
      const amount = Number(body.get('amount'));
      const id = `pi_fake_${n}`;
      const charge = `ch_fake_${n}`;
      const decline = DECLINES[pm];
      const reply = decline
        ? {
            status: 402,
            body: JSON.stringify({
              error: {
                type: 'card_error',
                code: 'card_declined',
                charge,
                ...decline,
                payment_intent: { id, object: 'payment_intent', status: 'requires_payment_method' },
              },
            }),
          }
        : {
            status: 200,
            body: JSON.stringify({
              id,
              object: 'payment_intent',
              amount,
              amount_received: amount,
              currency: body.get('currency'),
              status: 'succeeded',
              // Expanded on request, as Stripe does: the charge with its dispute flag.
              latest_charge: expanded(body).includes('latest_charge')
                ? {
                    id: charge,
                    object: 'charge',
                    amount,
                    paid: true,
                    status: 'succeeded',
                    disputed: pm === 'pm_card_createDispute',
                  }
                : charge,
              customer: body.get('customer'),
            }),
          };
      if (!decline) fake.charges.push({ idempotencyKey: key ?? '', amount, paymentMethod: pm });
      if (key) replies.set(key, reply);
      send(reply.status, reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
