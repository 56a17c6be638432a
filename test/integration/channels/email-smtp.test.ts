/**
 * Approval emails through a real SMTP server running in the test process (smtp-server), parsed as
 * they arrive (mailparser): who receives what, that the links are signed for the right person and
 * intent and decide through the confirmation flow, STARTTLS, how SMTP failures are classified, and
 * that no password or secret is ever written to a log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { ChannelError, SmtpEmailSender } from '../../../src/channels/index.ts';
import { DEFAULT_POLICY, resolvePolicy } from '../../../src/policy/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { LINK_SECRET, PUBLIC_URL, SMTP_LOGIN, createChannelBed, type ChannelBed } from '../../helpers/channel-bed.ts';
import { freePort, startSmtpServer, type TestSmtp } from '../../helpers/smtp-server.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

function linksIn(mail: ParsedMail): string[] {
  return [...(mail.text ?? '').matchAll(/https:\/\/psizero\.example\.com\/approvals\/link\/(\S+)/g)].map((m) => m[1]!);
}

function recipient(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address ?? '';
}

describe('approval email over SMTP', () => {
  let database: Database;
  let smtp: TestSmtp;
  let bed: ChannelBed;
  beforeEach(async () => {
    database = await sqliteFactory.create();
  });
  afterEach(async () => {
    await bed.close();
    await smtp.close();
    await database.close();
  });

  it('mails each eligible approver signed approve/reject links over an authenticated session, and the links decide once', async () => {
    smtp = await startSmtpServer({ auth: SMTP_LOGIN });
    bed = await createChannelBed(database, { smtp: { port: smtp.port, login: true } });
    const runId = await bed.startRefund({ amountUsd: 4200, customers: [{ id: 'cus_42', successManagerId: 'sam' }] });
    const mails = await smtp.waitForMessages(2);
    const { id: approvalId } = await bed.approvalOf(runId);

    expect(smtp.logins).toEqual([SMTP_LOGIN.user, SMTP_LOGIN.user]);
    expect(smtp.envelopes.flat().sort()).toEqual(['fiona@example.com', 'sam@example.com']);
    const byPerson = new Map(mails.map((m) => [recipient(m), m]));
    const fiona = byPerson.get('fiona@example.com')!;
    expect(fiona.subject).toBe('[PsiZero] Approval needed: Refund $4200 (decide by 2 Mar 04:00 PST)');
    expect(fiona.from?.value[0]).toMatchObject({ name: 'PsiZero', address: 'psizero@example.com' });
    expect(fiona.messageId).toMatch(/^<[0-9a-f]{32}@psizero\.example\.com>$/);
    const text = fiona.text ?? '';
    for (const line of [
      'Hello Fiona,',
      'Amount:             $4,200',
      'Customer:           cus_42',
      'Why you:            finance manager approval: financial impact $4,200 is at least $1,000 and under $5,000',
      'Also asked:         Sam Singh (customer success manager)',
      'Decide by:          Monday 2 March 2026, 04:00 PST (in 24 hours)',
      'If nobody decides:  it goes to the CEO as well',
    ]) {
      expect(text).toContain(line);
    }
    expect(fiona.html).toContain('>Approve</a>');

    // One signed link per intent, for this person and this approval, also in the HTML part.
    const claims = await Promise.all(
      [...byPerson].map(async ([address, mail]) => {
        const tokens = linksIn(mail);
        for (const token of tokens) expect(mail.html).toContain(`${PUBLIC_URL}/approvals/link/${token}`);
        return Promise.all(tokens.map(async (t) => ({ address, token: t, ...(await bed.links.inspect(t)).claims })));
      }),
    );
    const all = claims.flat();
    expect(all.map((c) => [c.address, c.approvalId, c.personId, c.intent])).toEqual(
      expect.arrayContaining([
        ['fiona@example.com', approvalId, 'fiona', 'approve'],
        ['fiona@example.com', approvalId, 'fiona', 'reject'],
        ['sam@example.com', approvalId, 'sam', 'approve'],
        ['sam@example.com', approvalId, 'sam', 'reject'],
      ]),
    );
    expect(all).toHaveLength(4);

    const link = (person: string, intent: string): string =>
      all.find((c) => c.personId === person && c.intent === intent)!.token;
    await bed.links.redeem(link('fiona', 'approve'));
    await expect(bed.links.redeem(link('fiona', 'approve'))).rejects.toMatchObject({ code: 'LINK_USED' });
    await expect(bed.links.redeem(link('sam', 'reject'))).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
    await bed.links.redeem(link('sam', 'reject'), { reason: 'the customer already got a credit note' });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'rejected' });

    // How it ended goes to both, without links.
    const [endA, endB] = (await smtp.waitForMessages(4)).slice(2);
    expect([endA?.subject, endB?.subject]).toEqual([
      '[PsiZero] Rejected: Refund $4200',
      '[PsiZero] Rejected: Refund $4200',
    ]);
    expect(linksIn(endA!)).toEqual([]);
    expect(endA?.text).toContain(
      'Sam Singh rejected via email on 1 Mar 04:00 PST: "the customer already got a credit note"',
    );

    const audit = await bed.repos.audit.list({ runId, kind: 'notification_sent' });
    expect(audit.filter((e) => e.channel === 'email')).toHaveLength(4);
    const logs = bed.logs.join('');
    for (const secret of [SMTP_LOGIN.pass, LINK_SECRET]) {
      expect(logs).not.toContain(secret);
      for (const mail of smtp.messages) expect(`${mail.text}${String(mail.html)}`).not.toContain(secret);
    }
  });

  it('logs a refused login by its code, never with the password, and records the failed delivery', async () => {
    smtp = await startSmtpServer({ auth: { user: SMTP_LOGIN.user, pass: 'the-server-wants-another' } });
    bed = await createChannelBed(database, { smtp: { port: smtp.port, login: true } });
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const failed = await bed.repos.audit.list({ runId, kind: 'notification_failed' });
    const summary = failed.map((e) => {
      const data = e.data as { recipient: string; error: { code: string } };
      return [e.channel, data.recipient, data.error.code];
    });
    expect(summary).toEqual([['email', 'fiona', 'EMAIL_AUTH_FAILED']]);
    expect((await bed.engine.getRun(runId)).status).toBe('waiting');
    const logs = bed.logs.join('');
    expect(logs).toContain('EMAIL_AUTH_FAILED');
    expect(logs).not.toContain(SMTP_LOGIN.pass);
    expect(JSON.stringify(failed)).not.toContain(SMTP_LOGIN.pass);
  });

  it('upgrades with STARTTLS before logging in when TLS is required', async () => {
    smtp = await startSmtpServer({ auth: SMTP_LOGIN, starttls: true });
    bed = await createChannelBed(database, { smtp: { port: smtp.port, login: true, starttls: true } });
    await bed.startRefund({ amountUsd: 4200 });
    await smtp.waitForMessages(1);
    expect(smtp.secured).toEqual([true]);
    expect(smtp.logins).toEqual([SMTP_LOGIN.user]);
  });

  it('reaches a person without an email address through the dashboard only', async () => {
    const people = DEFAULT_POLICY.directory.people.map((p) =>
      p.id === 'fiona' ? { ...p, email: undefined, slackUserId: undefined } : p,
    );
    smtp = await startSmtpServer();
    bed = await createChannelBed(database, {
      smtp: { port: smtp.port },
      policy: resolvePolicy({ directory: { people } }),
    });
    const runId = await bed.startRefund({ amountUsd: 4200 });
    expect(smtp.messages).toEqual([]);
    expect((await bed.repos.notifications.list('fiona')).map((n) => n.title)).toEqual([
      'Approval needed: Refund $4200',
    ]);
    const sent = await bed.repos.audit.list({ runId, kind: 'notification_sent' });
    expect(sent.map((e) => [e.channel, (e.data as { recipient: string }).recipient])).toEqual([['dashboard', 'fiona']]);
  });
});

describe('SMTP failures', () => {
  const settings = {
    host: '127.0.0.1',
    secure: false,
    requireTls: false,
    rejectUnauthorized: false,
    from: 'psizero@example.com',
    timeoutMs: 5_000,
  };
  const message = {
    to: 'fiona@example.com',
    subject: 's',
    text: 't',
    html: '<p>t</p>',
    messageId: '<x@psizero.example.com>',
  };

  async function failure(sender: SmtpEmailSender, to = message.to): Promise<ChannelError> {
    try {
      await sender.send({ ...message, to });
    } catch (err) {
      return err as ChannelError;
    } finally {
      sender.close();
    }
    throw new Error('expected the send to fail');
  }

  it('treats a closed port as temporary, refused credentials and recipients as permanent', async () => {
    const closed = await failure(new SmtpEmailSender({ ...settings, port: await freePort() }));
    expect(closed).toBeInstanceOf(ChannelError);
    expect(closed).toMatchObject({ code: 'EMAIL_UNAVAILABLE', retryable: true });

    const smtp = await startSmtpServer({ auth: SMTP_LOGIN, refuse: ['nobody@example.com'] });
    try {
      const badLogin = await failure(
        new SmtpEmailSender({ ...settings, port: smtp.port, user: SMTP_LOGIN.user, password: 'wrong-password' }),
      );
      expect(badLogin).toMatchObject({ code: 'EMAIL_AUTH_FAILED', retryable: false });
      expect(badLogin.message).not.toContain('wrong-password');
      const refused = await failure(
        new SmtpEmailSender({ ...settings, port: smtp.port, user: SMTP_LOGIN.user, password: SMTP_LOGIN.pass }),
        'nobody@example.com',
      );
      expect(refused).toMatchObject({ code: 'EMAIL_REJECTED', retryable: false });
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
