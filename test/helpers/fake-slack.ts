/**
 * A local server answering like Slack's Web API: `POST /api/<method>` with a JSON body and a
 * bearer token. It records every request and answers `{ ok: true, channel, ts }`; a test can
 * script the next answers per method (`{ ok: false, error }`, HTTP 429 with Retry-After, 500).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackRequest {
  method: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeSlack {
  /** For SlackClient's apiBase. */
  apiBase: string;
  requests: SlackRequest[];
  /** Answers to give, in order, before the default `ok: true`. */
  script: Map<string, ScriptedAnswer[]>;
  calls(method: string): SlackRequest[];
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  let n = 0;
  const fake: FakeSlack = {
    apiBase: '',
    requests: [],
    script: new Map(),
    calls: (method) => fake.requests.filter((r) => r.method === method),
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = {};
      }
      fake.requests.push({
        method,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const scripted = fake.script.get(method)?.shift();
      const answer: ScriptedAnswer = scripted ?? {
        body: {
          ok: true,
          channel: typeof body.channel === 'string' ? body.channel : 'D0TEST',
          ts: `1700000000.${String(++n).padStart(6, '0')}`,
        },
      };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? { ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
