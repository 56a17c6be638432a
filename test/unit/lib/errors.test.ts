import { describe, expect, it } from 'vitest';
import { HTTP_STATUS_BY_KIND, mapError } from '../../../src/http/index.ts';
import {
  ERROR_KINDS,
  PsiZeroError,
  StepFailedError,
  deserializeError,
  serializeError,
} from '../../../src/lib/errors.ts';
import { isRetryable } from '../../../src/engine/retry.ts';
import { DEFAULT_RETRY } from '../../../src/engine/index.ts';

describe('one error vocabulary', () => {
  it('derives every HTTP status from the kind, so a new code is not a 500 by omission', () => {
    expect(Object.keys(HTTP_STATUS_BY_KIND).sort()).toEqual([...ERROR_KINDS].sort());
    const fresh = new PsiZeroError('QUOTA_MOVED', 'the quota changed meanwhile', {
      kind: 'conflict',
      retryable: false,
    });
    expect(mapError(fresh)).toEqual({
      status: 409,
      body: { error: { code: 'QUOTA_MOVED', message: 'the quota changed meanwhile' } },
      internal: false,
    });
    const down = new PsiZeroError('GATEWAY_DOWN', 'secret detail', { kind: 'unavailable', retryable: true });
    expect(mapError(down)).toMatchObject({ status: 503, internal: true, body: { error: { code: 'INTERNAL' } } });
  });

  it('retries typed errors exactly when they say so, and unknown errors always', () => {
    const no = new PsiZeroError('INVOICE_REFUSED', 'x', { kind: 'invalid', retryable: false });
    const yes = new PsiZeroError('GATEWAY_DOWN', 'x', { kind: 'unavailable', retryable: true });
    expect(isRetryable(no, DEFAULT_RETRY)).toBe(false);
    expect(isRetryable(yes, DEFAULT_RETRY)).toBe(true);
    expect(isRetryable(new TypeError('socket hang up'), DEFAULT_RETRY)).toBe(true);
  });

  it('brings an error back from history with its code, kind, name and retryable flag', () => {
    const original = new PsiZeroError('CARD_DECLINED', 'stolen card', {
      kind: 'invalid',
      retryable: false,
      details: { declineCode: 'stolen_card' },
    });
    const restored = deserializeError(JSON.parse(JSON.stringify(serializeError(original))) as never);
    expect(restored).toBeInstanceOf(PsiZeroError);
    expect(restored).toMatchObject({
      name: 'PsiZeroError',
      code: 'CARD_DECLINED',
      kind: 'invalid',
      retryable: false,
      details: { declineCode: 'stolen_card' },
    });
    const failed = new StepFailedError('charge', 3, serializeError(original));
    expect(failed.cause).toMatchObject({ code: 'CARD_DECLINED', kind: 'invalid' });
    expect(deserializeError({ name: 'Old', code: 'X', message: 'before kinds', retryable: true }).kind).toBe(
      'internal',
    );
  });
});
