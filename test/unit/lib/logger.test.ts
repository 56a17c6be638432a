import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PsiZeroError } from '../../../src/lib/errors.ts';
import { createLogger } from '../../../src/lib/logger.ts';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as never);
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('redacts secrets by path at any of the first three levels', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ destination: stream, pretty: false });
    logger.info(
      {
        password: 'hunter2',
        smtp: { auth: { user: 'ops', pass: 'smtp-secret' } },
        slack: { botToken: 'xoxb-secret' },
        apiKey: 'pz_secret',
        invoice: { number: 'INV-1' },
      },
      'configured',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 'smtp-secret', 'xoxb-secret', 'pz_secret']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      msg: 'configured',
      smtp: { auth: { user: 'ops' } },
      invoice: { number: 'INV-1' },
    });
  });

  it('writes errors as type, code and kind without their details', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ destination: stream, pretty: false });
    const err = new PsiZeroError('EMAIL_REJECTED', 'refused', {
      kind: 'invalid',
      retryable: false,
      details: { body: 'card 4242424242424242' },
    });
    logger.child({ runId: 'run_1' }).warn({ err }, 'delivery failed');
    expect(lines[0]).toMatchObject({
      runId: 'run_1',
      level: 40,
      err: { type: 'PsiZeroError', code: 'EMAIL_REJECTED', kind: 'invalid', message: 'refused' },
    });
    expect(JSON.stringify(lines)).not.toContain('4242');
  });

  it('respects the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ destination: stream, pretty: false, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});
