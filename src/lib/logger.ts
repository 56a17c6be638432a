/**
 * Logging through pino: levels, child loggers per run and per request (`logger.child({ runId })`),
 * JSON lines in production and readable lines when stdout is a terminal. Secrets never reach a log
 * line: the paths below are redacted wherever they appear (top level or one or two levels down),
 * and errors are written as type, code, kind and message (plus stack), never with their payloads.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { PsiZeroError } from './errors.ts';

export type Logger = PinoLogger;

/** Field names that carry secrets: credentials, tokens, signing secrets and card data. */
const SECRET_FIELDS = [
  'password',
  'pass',
  'apiKey',
  'secret',
  'token',
  'authorization',
  'cookie',
  'signingSecret',
  'linkSecret',
  'webhookSecret',
  'secretKey',
  'botToken',
  'authToken',
  'card',
  'cardNumber',
  'cvc',
];

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'req.headers["stripe-signature"]',
];

/** An error as a log line shows it: what it is and why, never its details (which may hold input). */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (err instanceof PsiZeroError) {
    return { type: err.name, code: err.code, kind: err.kind, message: err.message, stack: err.stack };
  }
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stderr. A terminal gets pino-pretty's readable lines instead of JSON. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Force readable (true) or JSON (false) lines; default: readable when the destination is a TTY. */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const readable = options.pretty ?? (destination as { isTTY?: boolean }).isTTY === true;
  const stream = readable
    ? pretty({ destination: destination as NodeJS.WritableStream, colorize: true, sync: true })
    : destination;
  return pino(
    {
      level: options.level ?? process.env.PSIZERO_LOG_LEVEL ?? 'info',
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: errorForLog, error: errorForLog },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
