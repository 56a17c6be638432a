/**
 * A local server answering like Twilio's Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`
 * with form-encoded `To`, `From` and `Body` and HTTP basic authentication (AccountSid:AuthToken).
 * It answers 201 with a Message resource, or Twilio's error body `{ code, message, more_info, status }`:
 * 401/20003 for wrong credentials, 400/21211 for a `To` that is not E.164, 400/21602 for an empty
 * body. `failNext` queues answers to give before any of that (429s, 5xxs).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';
export const TWILIO_TOKEN = 'twilio-test-auth-token-0123456789';
export const TWILIO_FROM = '+14155550100';

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
}

export interface FakeTwilio {
  url: string;
  /** Messages it accepted. */
  messages: FakeTwilioMessage[];
  requests: { method: string; path: string; authorization: string | undefined; contentType: string | undefined }[];
  /** Answers given (in order) before any other handling, e.g. `{ status: 503 }` or a 429 with Retry-After. */
  failNext: { status: number; code?: number; message?: string; retryAfter?: string }[];
  close(): Promise<void>;
}

function twilioError(status: number, code: number, message: string): string {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const fake: FakeTwilio = { url: '', messages: [], requests: [], failNext: [], close: async () => undefined };
  const expectedAuth = `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`;
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      fake.requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
      });
      const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      const failure = fake.failNext.shift();
      if (failure !== undefined)
        return send(
          failure.status,
          twilioError(failure.status, failure.code ?? 20500, failure.message ?? 'Internal Server Error'),
          failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter },
        );
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || match === null)
        return send(404, twilioError(404, 20404, 'The requested resource was not found'));
      if (req.headers.authorization !== expectedAuth || match[1] !== TWILIO_SID)
        return send(401, twilioError(401, 20003, 'Authenticate'));
      const form = new URLSearchParams(raw);
      const to = form.get('To') ?? '';
      const from = form.get('From') ?? '';
      const body = form.get('Body') ?? '';
      if (!/^\+[1-9]\d{1,14}$/.test(to))
        return send(400, twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`));
      if (body === '') return send(400, twilioError(400, 21602, 'Message body is required.'));
      const sid = `SM${String(++n).padStart(32, '0')}`;
      fake.messages.push({ sid, to, from, body });
      send(
        201,
        JSON.stringify({
          sid,
          account_sid: TWILIO_SID,
          to,
          from,
          body,
          status: 'queued',
          num_segments: '1',
          direction: 'outbound-api',
          api_version: '2010-04-01',
          error_code: null,
          error_message: null,
          uri: `/2010-04-01/Accounts/${TWILIO_SID}/Messages/${sid}.json`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
