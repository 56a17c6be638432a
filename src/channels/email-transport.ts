/**
 * Sending email over SMTP with nodemailer. One connection per message (approval mail is rare and
 * a pool would hold sockets open to a server that may restart); STARTTLS whenever the server
 * offers it, required when configured; credentials only from config, never logged: nodemailer's
 * own logger stays off because its debug output includes the AUTH exchange.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { ChannelError } from './errors.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465). False: plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  /** Refuse to send unless the connection was upgraded with STARTTLS. */
  requireTls: boolean;
  /** Verify the server's certificate (turn off only for a test server with a self-signed certificate). */
  rejectUnauthorized: boolean;
  user?: string | undefined;
  password?: string | undefined;
  /** Sender, e.g. `PsiZero <psizero@example.com>`. */
  from: string;
  /** Milliseconds to wait for a connection, the greeting, and socket inactivity. */
  timeoutMs?: number;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<...@...>`; derived from the delivery step's key, so a resend carries the same id and clients can fold duplicates. */
  messageId: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** nodemailer's errors carry an SMTP `code` (ECONNECTION, EAUTH, ...) and the server's `responseCode`. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * Which failures another attempt can cure. Connection trouble and 4xx answers are temporary by
 * SMTP's own definition; 5xx answers and refused credentials are not.
 */
export function classifySmtpError(err: unknown): ChannelError {
  const e = (err ?? {}) as SmtpFailure;
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  // The server's answer or the socket error: neither ever contains our credentials.
  const said = e.message ?? e.code ?? 'no answer';
  if (e.code === 'EAUTH') {
    return new ChannelError(
      'EMAIL_AUTH_FAILED',
      'email',
      `the SMTP server refused PsiZero's credentials (${status ?? e.code})`,
      { retryable: false },
    );
  }
  if (status !== null && status >= 500) {
    return new ChannelError('EMAIL_REJECTED', 'email', `the SMTP server refused the message: ${said}`, {
      retryable: false,
      details: { responseCode: status },
    });
  }
  return new ChannelError('EMAIL_UNAVAILABLE', 'email', `the SMTP server is unavailable: ${said}`, {
    retryable: true,
    details: { smtpCode: e.code ?? null, responseCode: status },
  });
}

export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly from: string;

  constructor(settings: SmtpSettings) {
    const timeout = settings.timeoutMs ?? 15_000;
    const options: SMTPTransport.Options = {
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.requireTls,
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
      logger: false,
      debug: false,
    };
    if (settings.user !== undefined) options.auth = { user: settings.user, pass: settings.password ?? '' };
    this.transport = createTransport(options);
    this.from = settings.from;
  }

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
      return { messageId: info.messageId };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}
