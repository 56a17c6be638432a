/**
 * A real SMTP server in the test process (the `smtp-server` package) on an ephemeral port, parsing
 * every message it accepts with `mailparser`. Optional AUTH (PLAIN/LOGIN over the plain connection,
 * which a test server may allow), STARTTLS with the package's built-in self-signed certificate,
 * and recipients it refuses for good (550) to exercise permanent failures.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpOptions {
  /** Require this login; without it AUTH is optional. */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS (self-signed certificate). */
  starttls?: boolean;
  /** Recipients answered with 550 at RCPT TO. */
  refuse?: string[];
  /** Listen on this port (to bring a server up where a test first found none). */
  port?: number;
}

export interface TestSmtp {
  port: number;
  messages: ParsedMail[];
  /** Envelope recipients per accepted message. */
  envelopes: string[][];
  logins: string[];
  /** Whether each session was upgraded with STARTTLS before the message. */
  secured: boolean[];
  waitForMessages(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const smtp: TestSmtp = {
    port: 0,
    messages: [],
    envelopes: [],
    logins: [],
    secured: [],
    waitForMessages: async () => [],
    close: async () => undefined,
  };
  const server = new SMTPServer({
    authOptional: options.auth === undefined,
    allowInsecureAuth: true,
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok =
        options.auth !== undefined && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (!ok) return callback(new Error('Invalid username or password'));
      smtp.logins.push(auth.username ?? '');
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) {
        const err = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          smtp.messages.push(parsed);
          smtp.envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          smtp.secured.push(session.secure);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  smtp.port = (server.server.address() as AddressInfo).port;
  smtp.waitForMessages = async (n, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (smtp.messages.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} messages, got ${smtp.messages.length}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return smtp.messages;
  };
  smtp.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return smtp;
}

/** A port nothing listens on (for "connection refused"): bound, read, released. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
