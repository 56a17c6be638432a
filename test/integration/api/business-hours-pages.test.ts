/**
 * What people see of a business-hours deadline: the inbox card, the approval page and the API all
 * show the deadline stored on the approval (a Friday 16:00 request in Los Angeles: Monday 12:00,
 * 68 wall-clock hours away), and the policy page shows the calendar, which kinds count it, the
 * bound on backup chains and who has no backup.
 */
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/lib/clock.ts';
import { createApiBed, type ApiBed, type Creds } from '../../helpers/api-bed.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

const LA = 'America/Los_Angeles';
const FRIDAY_16 = DateTime.fromISO('2026-12-04T16:00', { zone: LA }).toMillis();
const MONDAY_12 = DateTime.fromISO('2026-12-07T12:00', { zone: LA }).toMillis();

describe('business hours on the dashboard', () => {
  let bed: ApiBed;
  let fiona: Creds;
  beforeEach(async () => {
    bed = await createApiBed(sqliteFactory, { clock: new ManualClock(FRIDAY_16) });
    fiona = await bed.signIn('fiona');
  });
  afterEach(async () => {
    await bed.close();
  });

  const page = async (path: string): Promise<string> => (await bed.call('GET', path, { as: fiona })).text();

  it('counts the card down to the stored deadline, Monday 12:00 in Los Angeles', async () => {
    const runId = await bed.refund({ amountUsd: 4200, conservativeDefault: 'issue a credit note instead' });
    const [approval] = await bed.app.approvals.list({ runId });
    expect(approval?.deadline).toBe(MONDAY_12);
    const inbox = await page('/inbox');
    expect(inbox).toContain(`data-deadline="${MONDAY_12}"`);
    expect(inbox).toContain('2d 20h left');
    // 12:00 in Los Angeles is 20:00 UTC; the page's script shows it in the reader's own zone.
    expect(inbox).toMatch(
      /<strong>If nobody decides<\/strong> by <time datetime="2026-12-07T20:00:00.000Z" data-local>Dec 7, 20:00 UTC<\/time>: PsiZero takes its safer default: issue a credit note instead\./,
    );
    expect(await page(`/approvals/${approval!.id}`)).toContain('Each round lasts 4 hours of business time.');
    const api = await bed.call('GET', `/api/approvals/${approval!.id}`, { as: fiona });
    expect(((await api.json()) as { approval: { deadline: number } }).approval.deadline).toBe(MONDAY_12);
  });

  it('shows the calendar, which kinds count it, the chain bound and the top of the organisation', async () => {
    const policy = await page('/policy');
    expect(policy).toContain('<h2 class="mb-s">Business hours</h2>');
    expect(policy).toContain('<dt>Time zone</dt><dd>America/Los_Angeles</dd>');
    expect(policy).toContain('<dt>Working days</dt><dd>Monday, Tuesday, Wednesday, Thursday, Friday</dd>');
    expect(policy).toContain('<dt>Hours</dt><dd>09:00–17:00</dd>');
    expect(policy).toContain('<dt>Holidays</dt><dd>none listed</dd>');
    expect(policy).toMatch(/asynchronous.*?<td data-label="Counts">business hours<\/td>/);
    expect(policy).toMatch(
      /synchronous<\/td><td data-label="Waits">5 min<\/td><td data-label="Counts">wall-clock time/,
    );
    expect(policy).toContain('up to 2 backups deep');
    expect(policy).toMatch(
      /Olivia Owens <span[^>]*>olivia<\/span><\/td><td[^>]*>[^<]*<\/td><td data-label="Backup">—<\/td>/,
    );
    expect(policy).toMatch(
      /Fiona Finch <span[^>]*>fiona<\/span><\/td><td[^>]*>[^<]*<\/td><td data-label="Backup">Carlos Chen<\/td>/,
    );
  });
});
