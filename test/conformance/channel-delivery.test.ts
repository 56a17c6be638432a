/**
 * Channel delivery inside real runs, on both stores: every delivery is a durable step of the run,
 * so an SMTP server that is down fails its step, the engine retries it with backoff on the
 * ManualClock, and the approval request (its row and its dashboard notification) exists before
 * and throughout. Also: a decision taken while a delivery is retrying, and a channel that never
 * comes back (the retries stop at the round's deadline and the gate escalates on time).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelNotifier } from '../../src/channels/index.ts';
import type { Database } from '../../src/db/index.ts';
import type { HistoryEvent } from '../../src/store/types.ts';
import { createChannelBed, type ChannelBed } from '../helpers/channel-bed.ts';
import { T0 } from '../helpers/engine.ts';
import { freePort, startSmtpServer, type TestSmtp } from '../helpers/smtp-server.ts';
import { databaseFactories } from '../helpers/databases.ts';
import { HOUR, MINUTE, POLICIES } from './approval-harness.ts';

function stepEvents(history: HistoryEvent[], name: string): { type: string; attempt: unknown; code: unknown }[] {
  return history
    .filter((h) => (h.type === 'step_failed' || h.type === 'step_completed') && h.data.name === name)
    .map((h) => ({
      type: h.type,
      attempt: h.data.attempt,
      code: (h.data.error as { code?: string } | undefined)?.code,
    }));
}

describe.each(databaseFactories())('channel delivery on $name', (factory) => {
  let database: Database;
  let bed: ChannelBed;
  let smtp: TestSmtp | null;
  let port: number;
  beforeEach(async () => {
    database = await factory.create();
    port = await freePort();
    smtp = null;
  });
  afterEach(async () => {
    await bed.close();
    await smtp?.close();
    await database.close();
  });

  it('retries an email while the SMTP server is down and delivers it when it is back; the request is never lost', async () => {
    bed = await createChannelBed(database, { smtp: { port } });
    const runId = await bed.startRefund({ amountUsd: 4200 });

    // SMTP refused the connection: the request and the dashboard notification exist regardless.
    const approval = await bed.approvalOf(runId);
    expect(approval).toMatchObject({ status: 'pending' });
    expect(approval.rounds[0]?.eligible.flatMap((e) => e.people)).toEqual(['fiona']);
    const [inbox] = await bed.repos.notifications.list('fiona');
    expect(inbox).toMatchObject({
      approvalId: approval.id,
      type: 'approval_requested',
      title: 'Approval needed: Refund $4200',
      readAt: null,
    });
    const step = `gate:refund-${runId}:notify:email:fiona`;
    const first = await bed.engine.inspect(runId);
    expect(first.run.status).toBe('waiting');
    expect(stepEvents(first.history, step)).toEqual([{ type: 'step_failed', attempt: 1, code: 'EMAIL_UNAVAILABLE' }]);

    smtp = await startSmtpServer({ port });
    await bed.engine.runUntil(T0 + MINUTE);
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.subject).toContain('Approval needed: Refund $4200');
    const { history } = await bed.engine.inspect(runId);
    expect(stepEvents(history, step)).toEqual([
      { type: 'step_failed', attempt: 1, code: 'EMAIL_UNAVAILABLE' },
      { type: 'step_completed', attempt: 2, code: undefined },
    ]);
    const sent = (await bed.repos.audit.list({ runId, kind: 'notification_sent' })).map(
      (e) => (e.data as { channel: string }).channel,
    );
    expect(sent.sort()).toEqual(['dashboard', 'email']);

    // The emailed link decides; the run goes on.
    const approve = /https:\/\/psizero\.example\.com\/approvals\/link\/(\S+)/.exec(mail?.text ?? '')?.[1];
    await bed.links.redeem(approve!);
    await bed.engine.runUntil(T0 + 2 * MINUTE);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    expect(await bed.verify()).toMatchObject({ ok: true });
  });

  it('skips the email of a request decided meanwhile on the dashboard, and the run goes on', async () => {
    bed = await createChannelBed(database, { smtp: { port } });
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const { id } = await bed.approvalOf(runId);
    await bed.service.decide({ approvalId: id, by: 'fiona', verdict: 'approve', channel: 'dashboard' });

    smtp = await startSmtpServer({ port });
    await bed.engine.runUntil(T0 + MINUTE);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
    // Only the outcome went out by email: the request no longer needed fiona when its retry ran.
    expect(smtp.messages.map((m) => m.subject)).toEqual(['[PsiZero] Approved: Refund $4200']);
    const { history } = await bed.engine.inspect(runId);
    const retried = history.find(
      (h) => h.type === 'step_completed' && h.data.name === `gate:refund-${runId}:notify:email:fiona`,
    );
    expect(retried?.data.result).toMatchObject({ status: 'skipped' });
  });

  it('stops retrying before the deadline when SMTP stays down: the gate escalates on time and the dashboard has every request', async () => {
    bed = await createChannelBed(database, { smtp: { port }, policy: POLICIES.synchronous });
    const runId = await bed.startRefund({ amountUsd: 4200 });
    await bed.engine.runUntil(T0 + 2 * HOUR);

    const approval = await bed.approvalOf(runId);
    expect(approval.status).toBe('expired');
    // Round 1 ran its full five minutes: failing deliveries never pushed the escalation back.
    expect(approval.rounds.map((r) => [r.reason, r.startedAt - T0])).toEqual([
      ['requested', 0],
      ['escalated_to_backup', 5 * MINUTE],
    ]);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'conservative_default' });

    const failed = (await bed.repos.audit.list({ runId, kind: 'notification_failed' })).map(
      (e) => e.data as { type: string; recipient: string; error: { code: string } },
    );
    expect(
      failed.filter((f) => f.type !== 'approval_resolved').map((f) => [f.type, f.recipient, f.error.code]),
    ).toEqual([
      ['approval_requested', 'fiona', 'DELIVERY_TOO_LATE'],
      ['approval_escalated', 'fiona', 'DELIVERY_TOO_LATE'],
      ['approval_escalated', 'carlos', 'DELIVERY_TOO_LATE'],
    ]);
    expect(failed.filter((f) => f.type === 'approval_resolved').map((f) => f.error.code)).toEqual([
      'EMAIL_UNAVAILABLE',
      'EMAIL_UNAVAILABLE',
    ]);
    const titles = async (person: string): Promise<string[]> =>
      (await bed.repos.notifications.list(person)).map((n) => n.title).reverse();
    expect(await titles('fiona')).toEqual([
      'Approval needed: Refund $4200',
      'Escalated to you: Refund $4200',
      'Expired: Refund $4200',
    ]);
    expect(await titles('carlos')).toEqual(['Escalated to you: Refund $4200', 'Expired: Refund $4200']);
    expect(bed.logs.join('')).toContain('EMAIL_UNAVAILABLE');
    expect(await bed.verify()).toMatchObject({ ok: true });
  });

  it('replays the recorded delivery plan when a process without email picks the run up', async () => {
    bed = await createChannelBed(database, { smtp: { port } });
    const runId = await bed.startRefund({ amountUsd: 4200 });
    // The retry is taken by a process configured without SMTP: same steps, no divergence.
    bed.deps.notifier = new ChannelNotifier({
      directory: bed.deps.policy.directory,
      timeZone: bed.deps.policy.businessCalendar.timeZone,
      approvals: bed.service,
      notifications: bed.repos.notifications,
      clock: bed.clock,
    });
    await bed.engine.runUntil(T0 + MINUTE);
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    const [failed] = await bed.repos.audit.list({ runId, kind: 'notification_failed' });
    expect(failed?.data).toMatchObject({
      recipient: 'fiona',
      channel: 'email',
      error: { code: 'CHANNEL_NOT_CONFIGURED' },
    });
    await bed.service.decide({
      approvalId: (await bed.approvalOf(runId)).id,
      by: 'fiona',
      verdict: 'approve',
      channel: 'dashboard',
    });
    await bed.engine.runUntil(T0 + 2 * MINUTE);
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
  });
});
