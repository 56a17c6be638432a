import { describe, expect, it } from 'vitest';
import { CsvHeaderError, ENTITIES, planColumns, rowToRecord } from '../../../src/domain/index.ts';

describe('CSV columns', () => {
  it('matches headers to fields ignoring case, spaces, _ and -', () => {
    const plans = planColumns(
      ['ID', 'Name', 'plan', 'Monthly Price Cents', 'employee-count', 'developer_team_size', 'signupDate', 'STATUS'],
      ENTITIES.customers.shape,
    );
    expect(plans.map((p) => p.field)).toEqual([
      'id',
      'name',
      'plan',
      'monthlyPriceCents',
      'employeeCount',
      'developerTeamSize',
      'signupDate',
      'status',
    ]);
  });

  it('converts cells by what the field accepts: numbers, JSON, booleans, empty as absent', () => {
    const plans = planColumns(
      ['id', 'customerId', 'attemptedAt', 'amountCents', 'status', 'declineCode', 'disputed'],
      ENTITIES.payments.shape,
    );
    expect(rowToRecord(['pay_1', '42', '1738800000000', '1999', 'failed', '', 'TRUE'], plans)).toEqual({
      record: {
        id: 'pay_1',
        customerId: '42',
        attemptedAt: 1_738_800_000_000,
        amountCents: 1999,
        status: 'failed',
        disputed: true,
      },
      issues: [],
    });
    // A timestamp field also accepts ISO text, which stays text for the schema to parse.
    expect(rowToRecord(['pay_1', 'c', '2025-02-06T00:00:00Z', '1', 'failed', '', ''], plans).record.attemptedAt).toBe(
      '2025-02-06T00:00:00Z',
    );
    // Non-numeric text in a number field is passed on, so validation names the field.
    expect(rowToRecord(['pay_1', 'c', '1', 'ten', 'failed', '', ''], plans).record.amountCents).toBe('ten');
  });

  it('parses JSON cells and reports the ones that are not JSON', () => {
    const plans = planColumns(['id', 'lines'], {
      id: ENTITIES.invoices.shape.id!,
      lines: ENTITIES.invoices.shape.lines!,
    });
    expect(rowToRecord(['in_1', '[{"amountCents":5}]'], plans).record.lines).toEqual([{ amountCents: 5 }]);
    expect(rowToRecord(['in_1', '[oops'], plans).issues).toEqual([
      { path: 'lines', message: expect.stringMatching(/^invalid JSON/) as string },
    ]);
  });

  it('rejects a header with unknown, doubled or missing required columns', () => {
    expect(() =>
      planColumns(
        ['customerId', 'day', 'apiCalls', 'apiErrors', 'featuresUsed', 'sessions', 'docViews', 'teamMembers', 'extra'],
        ENTITIES.usage.shape,
      ),
    ).toThrow(CsvHeaderError);
    expect(() => planColumns(['customerId', 'day'], ENTITIES.usage.shape)).toThrow(/apiCalls: required column missing/);
  });
});
