/**
 * Dashboard notifications reach the person they are for: an approval request of a person without
 * Slack or email becomes a notification on /notifications (with the nav badge), which only that
 * person sees and marks read, through CSRF-protected forms or the JSON API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/policy/index.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

/** The default policy with Fiona reachable in the dashboard only. */
function policyWithoutFionasChannels(): Policy {
  const people = DEFAULT_POLICY.directory.people.map((p) => {
    if (p.id !== 'fiona') return p;
    const { email: _email, slackUserId: _slack, ...rest } = p;
    return rest;
  });
  return { ...DEFAULT_POLICY, directory: { ...DEFAULT_POLICY.directory, people } };
}

interface NotificationJson {
  id: string;
  type: string;
  title: string;
  approvalId: string | null;
  runId: string | null;
  createdAt: number;
  readAt: number | null;
}

interface ErrorJson {
  error: { code: string; issues?: { path: string; message: string }[] };
}

const UNREAD_BADGE = /<span class="count" aria-label="(\d+) unread">\d+<\/span>/;

describe('dashboard notifications', () => {
  let bed: ApiBed;
  let clock: ManualClock;
  let fiona: Creds;
  beforeEach(async () => {
    clock = new ManualClock(T0);
    bed = await createApiBed(sqliteFactory, { clock, policy: policyWithoutFionasChannels() });
    fiona = await bed.signIn('fiona');
  });
  afterEach(async () => {
    await bed.close();
  });

  const page = async (path: string, as: Creds): Promise<{ status: number; html: string; error: string | null }> => {
    const res = await bed.call('GET', path, { as });
    return { status: res.status, html: await res.text(), error: res.headers.get('x-psizero-error') };
  };
  const unreadBadge = (html: string): number => Number(UNREAD_BADGE.exec(html)?.[1] ?? 0);
  /** Requests an approval of Fiona (a $2,000 refund needs the finance manager) and returns its id. */
  const requestApproval = async (amountUsd = 2_000): Promise<string> => {
    const runId = await bed.refund({ amountUsd });
    return (await bed.app.approvals.list({ runId }))[0]!.id;
  };

  it('shows a person without Slack or email the request, with the badge, and marks it read through the CSRF-protected form', async () => {
    expect(bed.app.policy.directory.people.find((p) => p.id === 'fiona')).not.toHaveProperty('email');
    expect(unreadBadge((await page('/inbox', fiona)).html)).toBe(0);

    const approvalId = await requestApproval();
    const [stored] = await bed.app.repositories.notifications.list('fiona');
    expect(stored).toMatchObject({ type: 'approval_requested', approvalId, readAt: null });

    const shown = await page('/notifications', fiona);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('Approval needed: Refund $2000');
    expect(shown.html).toContain(`href="/approvals/${approvalId}"`);
    expect(shown.html).toMatch(new RegExp(`<li class="notification unread" id="${stored!.id}"`));
    expect(shown.html).toContain(`<input type="hidden" name="id" value="${stored!.id}">`);
    expect(shown.html).toContain(`name="_csrf" value="${fiona.csrf!}"`);
    expect(shown.html).toContain('aria-current="page">Notifications');
    expect(unreadBadge(shown.html)).toBe(1);
    // The badge is on every page, not only this one.
    expect(unreadBadge((await page('/inbox', fiona)).html)).toBe(1);

    // Without the session's token the form is refused and nothing changes.
    const forged = await bed.call('POST', '/notifications/read', {
      as: { cookie: fiona.cookie },
      form: { id: stored!.id },
      headers: { origin: 'http://localhost' },
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('x-psizero-error')).toBe('CSRF_FAILED');
    const wrongToken = await bed.call('POST', '/notifications/read', {
      as: { cookie: fiona.cookie },
      form: { id: stored!.id, _csrf: 'not-the-token' },
    });
    expect(wrongToken.status).toBe(403);
    const foreign = await bed.call('POST', '/notifications/read', {
      as: { cookie: fiona.cookie },
      form: { id: stored!.id, _csrf: fiona.csrf! },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(await bed.app.repositories.notifications.countUnread('fiona')).toBe(1);

    clock.advance(60_000);
    const read = await bed.call('POST', '/notifications/read', {
      as: { cookie: fiona.cookie },
      form: { id: stored!.id, _csrf: fiona.csrf!, show: 'all' },
    });
    expect(read.status).toBe(303);
    expect(read.headers.get('location')).toBe('/notifications?show=all&done=read');
    expect((await bed.app.repositories.notifications.list('fiona'))[0]!.readAt).toBe(T0 + 60_000);

    const after = await page('/notifications?show=all&done=read', fiona);
    expect(after.html).toContain('Marked as read.');
    expect(unreadBadge(after.html)).toBe(0);
    expect(after.html).toMatch(new RegExp(`<li class="notification " id="${stored!.id}" data-read="yes"`));
    expect(after.html).not.toContain('Mark read</button>');
    expect(after.html).not.toContain('Mark all read');
    const unreadOnly = await page('/notifications?show=unread', fiona);
    expect(unreadOnly.html).not.toContain(stored!.id);
    expect(unreadOnly.html).toContain('All read');
    expect((await page('/notifications?show=nonsense', fiona)).status).toBe(400);
  });

  it('lists newest first; the per-item form marks that one only, the other form all of them', async () => {
    const first = await requestApproval(2_000);
    clock.advance(5 * 60_000);
    const second = await requestApproval(3_000);
    clock.advance(60_000);
    const third = await requestApproval(4_000);
    const shown = await page('/notifications', fiona);
    expect(unreadBadge(shown.html)).toBe(3);
    const at = (approvalId: string): number => shown.html.indexOf(`/approvals/${approvalId}"`);
    expect(at(first)).toBeGreaterThan(at(second));
    expect(at(second)).toBeGreaterThan(at(third));
    expect(at(third)).toBeGreaterThan(-1);
    expect(shown.html).toContain('6m 0s ago');

    const [newest, ...older] = await bed.app.repositories.notifications.list('fiona');
    expect(newest!.approvalId).toBe(third);
    expect((await bed.call('POST', '/notifications/read', { as: fiona, form: { id: newest!.id } })).status).toBe(303);
    expect(unreadBadge((await page('/notifications', fiona)).html)).toBe(2);
    expect((await bed.app.repositories.notifications.list('fiona', { unreadOnly: true })).map((n) => n.id)).toEqual(
      older.map((n) => n.id),
    );

    const noToken = await bed.call('POST', '/notifications/read-all', { as: { cookie: fiona.cookie }, form: {} });
    expect(noToken.status).toBe(403);
    expect(await bed.app.repositories.notifications.countUnread('fiona')).toBe(2);

    const all = await bed.call('POST', '/notifications/read-all', { as: fiona, form: { show: 'unread' } });
    expect(all.status).toBe(303);
    expect(all.headers.get('location')).toBe('/notifications?show=unread&done=all-read');
    const after = await page('/notifications?show=unread&done=all-read', fiona);
    expect(after.html).toContain('Every notification is marked read.');
    expect(unreadBadge(after.html)).toBe(0);
    expect(await bed.app.repositories.notifications.countUnread('fiona')).toBe(0);
  });

  it('keeps a notification from everyone else: another person cannot see or mark it', async () => {
    const approvalId = await requestApproval();
    const [stored] = await bed.app.repositories.notifications.list('fiona');
    const sam = await bed.signIn('sam');

    const samsPage = await page('/notifications', sam);
    expect(samsPage.status).toBe(200);
    expect(samsPage.html).not.toContain(stored!.id);
    expect(samsPage.html).not.toContain(approvalId);
    expect(samsPage.html).toContain('No notifications yet');
    expect(unreadBadge(samsPage.html)).toBe(0);

    const byForm = await bed.call('POST', '/notifications/read', { as: sam, form: { id: stored!.id } });
    expect(byForm.status).toBe(303);
    expect(byForm.headers.get('location')).toBe('/notifications?show=all');
    const byApi = await bed.call('POST', '/api/notifications/read', { as: sam, json: { ids: [stored!.id] } });
    expect(await byApi.json()).toEqual({ marked: 0, unread: 0 });
    await bed.call('POST', '/api/notifications/read', { as: sam, json: { all: true } });
    expect(
      ((await (await bed.call('GET', '/api/notifications', { as: sam })).json()) as { notifications: unknown[] })
        .notifications,
    ).toEqual([]);
    expect(await bed.app.repositories.notifications.countUnread('fiona')).toBe(1);
  });

  it('refuses API keys bound to nobody the way the inbox does, and shows them no Notifications link', async () => {
    await requestApproval();
    const admin = await bed.key('admin');
    const refused = await page('/notifications', admin);
    expect(refused.status).toBe(403);
    expect(refused.error).toBe('PERSON_REQUIRED');
    expect((await bed.call('POST', '/notifications/read-all', { as: admin, form: {} })).status).toBe(403);
    expect((await page('/runs', admin)).html).not.toContain('href="/notifications"');
    const api = await bed.call('GET', '/api/notifications', { as: admin });
    expect(api.status).toBe(403);
    expect(((await api.json()) as ErrorJson).error.code).toBe('PERSON_REQUIRED');
    // A machine reader has no business with anyone's notifications.
    expect(
      (
        (await (
          await bed.call('GET', '/api/notifications', { as: await bed.key('viewer', 'fiona') })
        ).json()) as ErrorJson
      ).error.code,
    ).toBe('FORBIDDEN');
    // A key bound to Fiona acts as Fiona, as it does in the inbox.
    const asFiona = await bed.key('operator', 'fiona');
    const listed = (await (await bed.call('GET', '/api/notifications', { as: asFiona })).json()) as {
      notifications: NotificationJson[];
      unread: number;
    };
    expect(listed.unread).toBe(1);
    expect(listed.notifications).toHaveLength(1);
  });

  it('serves the API: list with filters, mark read by id or all, bad input as 400 with field paths', async () => {
    const first = await requestApproval(2_000);
    clock.advance(60_000);
    const second = await requestApproval(3_000);
    const list = async (query = ''): Promise<{ notifications: NotificationJson[]; unread: number }> => {
      const res = await bed.call('GET', `/api/notifications${query}`, { as: fiona });
      expect(res.status).toBe(200);
      return (await res.json()) as { notifications: NotificationJson[]; unread: number };
    };
    const all = await list();
    expect(all.unread).toBe(2);
    expect(all.notifications.map((n) => n.approvalId)).toEqual([second, first]);
    expect(all.notifications[0]).not.toHaveProperty('personId');
    expect((await list('?limit=1')).notifications.map((n) => n.approvalId)).toEqual([second]);

    const read = await bed.call('POST', '/api/notifications/read', {
      as: fiona,
      json: { ids: [all.notifications[1]!.id, 'ntf_unknown'] },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ marked: 1, unread: 1 });
    expect((await list('?unread=true')).notifications.map((n) => n.approvalId)).toEqual([second]);
    expect((await list('?unread=false')).notifications).toHaveLength(2);

    const bad = async (method: 'GET' | 'POST', path: string, json?: unknown): Promise<string[]> => {
      const res = await bed.call(method, path, { as: fiona, json });
      expect(res.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(400);
      const body = (await res.json()) as ErrorJson;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      return (body.error.issues ?? []).map((i) => i.path);
    };
    expect(await bad('POST', '/api/notifications/read', {})).toEqual(['body.ids']);
    expect(await bad('POST', '/api/notifications/read', { ids: [7] })).toEqual(['body.ids[0]']);
    expect(await bad('POST', '/api/notifications/read', { ids: [] })).toEqual(['body.ids']);
    expect(await bad('POST', '/api/notifications/read', { all: false })).toEqual(['body.all']);
    expect(await bad('POST', '/api/notifications/read', { ids: ['x'], all: true })).toEqual(['body.ids']);
    expect(await bad('POST', '/api/notifications/read', { all: true, everyone: true })).toEqual(['body.everyone']);
    expect(await bad('GET', '/api/notifications?unread=yes')).toEqual(['query.unread']);
    expect(await bad('GET', '/api/notifications?limit=0')).toEqual(['query.limit']);
    expect(await bed.app.repositories.notifications.countUnread('fiona')).toBe(1);

    // Cookie-authenticated changes need the CSRF token here too.
    const noToken = await bed.call('POST', '/api/notifications/read', {
      as: { cookie: fiona.cookie },
      json: { all: true },
    });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as ErrorJson).error.code).toBe('CSRF_FAILED');

    clock.advance(1_000);
    const everything = await bed.call('POST', '/api/notifications/read', { as: fiona, json: { all: true } });
    expect(await everything.json()).toEqual({ marked: 1, unread: 0 });
    expect((await list()).notifications.map((n) => n.readAt)).toEqual([T0 + 61_000, T0 + 60_000]);
  });
});
