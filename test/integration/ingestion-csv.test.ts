import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvHeaderError, importCsv, openDomain, type Domain } from '../../src/domain/index.ts';
import { RecordingSink } from '../helpers/recording-sink.ts';
import type { Database } from '../../src/db/index.ts';
import { sqliteFactoryWith } from '../helpers/databases.ts';

const HEADER = 'id,name,email,plan,monthly_price_cents,employee_count,developer_team_size,csm_id,signup_date,status';

function customerLine(i: number): string {
  return `cus_${String(i).padStart(5, '0')},"Company ${i}, Inc.",ops${i}@example.com,team,24900,${10 + (i % 30)},${1 + (i % 5)},${i % 2 ? 'sam' : 'tara'},2025-01-${String(1 + (i % 28)).padStart(2, '0')},active`;
}

describe('CSV import', () => {
  let database: Database;
  let sink: RecordingSink;
  let domain: Domain;
  const dir = mkdtempSync(join(tmpdir(), 'psizero-csv-'));

  beforeEach(async () => {
    database = await sqliteFactoryWith({ durability: 'normal' }).create();
    sink = new RecordingSink();
    domain = await openDomain({ db: database.db, events: sink, csmIds: ['sam', 'tara'] });
  });
  afterEach(() => database.close());

  it('imports 9,997 of 10,000 customers and reports the 3 bad rows by line, field and reason', async () => {
    const lines = [HEADER];
    for (let i = 1; i <= 10_000; i++) lines.push(customerLine(i));
    // Line numbers in the file: the header is line 1, customer i is on line i + 1.
    lines[2_501] = lines[2_501]!.replace(',24900,', ',lots,');
    lines[5_001] = lines[5_001]!.replace(',2025-01-', ',2025-13-');
    lines[9_999] = lines[9_999]!.replace(',sam,', ',olivia,').replace(',tara,', ',olivia,');
    const file = join(dir, 'customers.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const progress: number[] = [];

    const report = await importCsv(domain.ingest, 'customers', file, { onProgress: (p) => progress.push(p.rows) });

    expect(report).toMatchObject({
      entity: 'customers',
      rows: 10_000,
      accepted: 9_997,
      rejected: 3,
      written: 9_997,
      unchanged: 0,
      errorsOmitted: 0,
    });
    expect(report.errors).toEqual([
      { line: 2_502, field: 'monthlyPriceCents', reason: 'expected number, received string' },
      { line: 5_002, field: 'signupDate', reason: 'expected a day as YYYY-MM-DD' },
      { line: 10_000, field: 'csmId', reason: "'olivia' is not a customer success manager in the policy directory" },
    ]);
    expect(await domain.queries.count('customers')).toBe(9_997);
    expect(await domain.queries.getCustomer('cus_02501')).toBeNull();
    expect(await domain.queries.getCustomer('cus_00007')).toMatchObject({
      name: 'Company 7, Inc.',
      monthlyPriceCents: 24_900,
      segment: 'startup',
    });
    expect(sink.events).toHaveLength(9_997);
    expect(progress.at(-1)).toBe(10_000);

    const again = await importCsv(domain.ingest, 'customers', file);
    expect(again).toMatchObject({ accepted: 9_997, written: 0, unchanged: 9_997, rejected: 3 });
  });

  it('reports rows with the wrong number of fields, bad JSON cells and repeated ids, and keeps the rest', async () => {
    await domain.ingest.ingest('customers', [
      {
        id: 'cus_a',
        name: 'A',
        plan: 'team',
        monthlyPriceCents: 100,
        employeeCount: 5,
        developerTeamSize: 1,
        signupDate: '2025-01-01',
        status: 'active',
      },
    ]);
    const csv = [
      'id,customerId,status,periodStart,periodEnd,issuedOn,dueOn,lines',
      'in_1,cus_a,open,2025-01-01,2025-01-31,2025-01-01,2025-01-08,"[{""description"":""Plan"",""kind"":""subscription"",""amountCents"":100}]"',
      'in_2,cus_a,open,2025-01-01,2025-01-31,2025-01-01',
      'in_3,cus_a,open,2025-01-01,2025-01-31,2025-01-01,2025-01-08,[{broken',
      'in_1,cus_a,paid,2025-01-01,2025-01-31,2025-01-01,2025-01-08,"[{""description"":""Plan"",""kind"":""subscription"",""amountCents"":100}]"',
    ].join('\r\n');
    const report = await importCsv(domain.ingest, 'invoices', Readable.from([csv]), { batchSize: 1 });
    expect(report).toMatchObject({ rows: 4, accepted: 1, rejected: 3 });
    expect(report.errors.map((e) => [e.line, e.field, e.reason.split(':')[0]])).toEqual([
      [3, '(row)', 'expected 8 fields, found 6'],
      [4, 'lines', 'invalid JSON'],
      [5, 'id', 'duplicate of line 2'],
    ]);
    expect(await domain.queries.getInvoice('in_1')).toMatchObject({ status: 'open', totalCents: 100 });
  });

  it('refuses a header it cannot map, before importing anything', async () => {
    const csv = 'id,name,plann,monthly_price_cents,employee_count,developer_team_size,signup_date,status,status\n';
    const error = await importCsv(domain.ingest, 'customers', Readable.from([csv])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvHeaderError);
    expect((error as CsvHeaderError).issues).toEqual([
      expect.objectContaining({ path: 'plann', message: expect.stringContaining('unknown column') as string }),
      { path: 'status', message: "same field as column 'status'" },
      { path: 'plan', message: 'required column missing' },
    ]);
  });
});
