import { describe, expect, it } from 'vitest';
import { securityOf } from '../../../src/http/api/openapi.ts';
import { RULES, publicAccess } from '../../../src/http/shared/access-rules.ts';
import { NOTIFICATION_PAGE_MAX } from '../../../src/http/shared/services.ts';
import { MAX_NOTIFICATION_PAGE } from '../../../src/notifications/index.ts';

describe("an operation's declared security", () => {
  it('follows the access rule its guard enforces: keys carry machine roles, sessions people', () => {
    expect(securityOf(publicAccess('nothing to protect'), 'get')).toEqual([]);
    expect(securityOf(RULES.runsRead, 'get')).toEqual([{ apiKey: [] }, { session: [] }]);
    expect(securityOf(RULES.ingest, 'post')).toEqual([{ apiKey: [] }]);
    expect(securityOf(RULES.metrics, 'get')).toEqual([{ apiKey: [] }]);
    expect(securityOf(RULES.signedIn, 'post')).toEqual([{ session: [], csrfToken: [] }]);
  });

  it('asks a session for its CSRF token on every unsafe method, never a key', () => {
    expect(securityOf(RULES.approvalsOwn, 'post')).toEqual([{ apiKey: [] }, { session: [], csrfToken: [] }]);
    expect(securityOf(RULES.approvalsOwn, 'put')).toEqual([{ apiKey: [] }, { session: [], csrfToken: [] }]);
  });
});

describe('the notification page cap the API states', () => {
  it('is the notification store’s own', () => {
    expect(NOTIFICATION_PAGE_MAX).toBe(MAX_NOTIFICATION_PAGE);
  });
});
