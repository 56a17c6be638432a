import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditFilter, AuditVerification } from '../../../src/audit/index.ts';
import { registerAuditRoutes } from '../../../src/http/api/routes/audit.ts';
import type { AuditPort } from '../../../src/http/shared/services.ts';
import { bodyOf, keyCaller, personCaller, routeBed } from '../../helpers/route-bed.ts';

// The routes pass an entry through untouched, so a decision record with only its level is enough.
const ENTRY = {
  seq: 7,
  at: 1_000,
  kind: 'decision_record',
  actor: 'psizero',
  channel: 'workflow',
  runId: 'run_1',
  approvalId: null,
  actionId: 'action_1',
  key: 'run_1:gate',
  data: { record: { level: 2 } },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
} as unknown as AuditEntry;

describe('audit routes on their own', () => {
  const filters: AuditFilter[] = [];
  let verification: AuditVerification = { ok: true, entries: 7, head: { seq: 7, hash: 'b'.repeat(64) } };
  const audit: AuditPort = {
    list: async (filter) => {
      filters.push(filter);
      return [ENTRY];
    },
    verify: async () => verification,
  };
  const bed = routeBed((router, guard) => registerAuditRoutes(router, { guard, audit }));

  it('lists the latest entries, or those after a seq oldest first', async () => {
    const latest = await bed.request('GET', '/api/audit?kind=decision_record', { as: keyCaller('viewer') });
    expect(latest.status).toBe(200);
    expect(await bodyOf(latest)).toEqual({ entries: [ENTRY] });
    expect(filters.at(-1)).toEqual({ kind: 'decision_record', limit: 100, latest: true });
    await bed.request('GET', '/api/audit?afterSeq=5&limit=10', { as: keyCaller('viewer') });
    expect(filters.at(-1)).toEqual({ afterSeq: 5, limit: 10, latest: false });
  });

  it('reports the verification of the chain as the service finds it', async () => {
    const ok = await bed.request('GET', '/api/audit/verify', { as: personCaller('fiona', 'finance_manager') });
    expect(await bodyOf(ok)).toEqual(verification);
    verification = { ok: false, seq: 3, problem: 'edited', message: 'entry 3 was changed', entriesChecked: 3 };
    const broken = await bed.request('GET', '/api/audit/verify', { as: keyCaller('admin') });
    expect(broken.status).toBe(200);
    expect(await bodyOf(broken)).toEqual(verification);
  });

  it('is closed to roles without audit access', async () => {
    expect(
      (await bed.request('GET', '/api/audit', { as: personCaller('sam', 'customer_success_manager') })).status,
    ).toBe(403);
    expect((await bed.request('GET', '/api/audit/verify')).status).toBe(401);
    expect((await bed.request('GET', '/api/audit?limit=0', { as: keyCaller('viewer') })).status).toBe(400);
  });
});
