/**
 * Fields the dashboard shows but PsiZero derives (a customer's segment, a decline's type, a health
 * sample's uptime) are refused as input with the reason, in a CSV header and in a JSON record,
 * instead of "unknown column" or a silent drop; every field that is an input imports.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvHeaderError, ENTITIES, importCsv, openDomain, type Domain } from '../../src/domain/index.ts';
import type { Database } from '../../src/db/index.ts';
import { sqliteFactoryWith } from '../helpers/databases.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';

const csv = (...lines: string[]) => Readable.from([`${lines.join('\n')}\n`]);

describe('derived fields as input', () => {
  let database: Database;
  let domain: Domain;
  beforeEach(async () => {
    database = await sqliteFactoryWith({ durability: 'normal' }).create();
    domain = await openDomain({ db: database.db, events: new RecordingSink(), csmIds: ['sam'] });
  });
  afterEach(() => database.close());

  it('refuses a segment column with the reason, naming the column', async () => {
    const file = csv(
      'id,name,plan,monthly_price_cents,employee_count,developer_team_size,signup_date,status,Segment',
      'cus_1,Acme,team,24900,210,20,2025-01-10,active,startup',
    );
    const refused = importCsv(domain.ingest, 'customers', file);
    await expect(refused).rejects.toBeInstanceOf(CsvHeaderError);
    await expect(importCsv(domain.ingest, 'customers', csv('id,segment', 'cus_1,startup'))).rejects.toMatchObject({
      issues: expect.arrayContaining([
        {
          path: 'segment',
          message: expect.stringMatching(
            /^derived: PsiZero works it out from employeeCount, developerTeamSize/,
          ) as unknown,
        },
      ]) as unknown,
    });
    expect(await domain.queries.count('customers')).toBe(0);
  });

  it('imports the same file without the column, deriving the segment (a 210-person firm is mid-market)', async () => {
    const report = await importCsv(
      domain.ingest,
      'customers',
      csv(
        'id,name,plan,monthly_price_cents,employee_count,developer_team_size,signup_date,status',
        'cus_1,Acme,team,24900,210,20,2025-01-10,active',
      ),
    );
    expect(report).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await domain.queries.getCustomer('cus_1')).toMatchObject({ segment: 'mid_market' });
  });

  it('says why in a JSON record too, for every derived field', async () => {
    const report = await domain.ingest.ingest('customers', [
      {
        id: 'cus_2',
        name: 'Beta',
        plan: 'team',
        monthlyPriceCents: 24_900,
        employeeCount: 12,
        developerTeamSize: 2,
        signupDate: '2025-01-10',
        status: 'active',
        segment: 'enterprise',
      },
    ]);
    expect(report.records[0]).toMatchObject({
      status: 'rejected',
      issues: [{ path: 'segment', message: ENTITIES.customers.derived.segment }],
    });
    expect(Object.keys(ENTITIES.payments.derived)).toEqual(['declineType']);
    expect(Object.keys(ENTITIES.health.derived)).toEqual(['uptimePct']);
    await expect(
      importCsv(domain.ingest, 'payments', csv('id,customerId,attemptedAt,amountCents,status,declineType')),
    ).rejects.toMatchObject({
      issues: expect.arrayContaining([
        { path: 'declineType', message: ENTITIES.payments.derived.declineType },
      ]) as unknown,
    });
  });
});
