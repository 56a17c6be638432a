import { serializeError } from '../errors.ts';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One JSON line per entry on stderr; errors are reduced to code and message (no payloads, no secrets). */
export function jsonLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string, message: string, fields: Record<string, unknown> = {}): void => {
    const clean: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (v instanceof Error) {
        const { code, message: msg } = serializeError(v);
        clean[k] = { code, message: msg };
      } else clean[k] = v;
    }
    stream.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg: message, ...clean })}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
