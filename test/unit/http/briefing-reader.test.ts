/** Whose briefing a caller reads: a session's person, or the person a key is bound to, with that person's roles. */
import { describe, expect, it } from 'vitest';
import { briefingReaderOf, receivingReaderOf } from '../../../src/http/shared/briefing-reader.ts';
import { DEFAULT_POLICY } from '../../../src/policy/index.ts';
import { audienceOf } from '../../../src/workflows/briefing/index.ts';
import { keyCaller, personCaller } from '../../helpers/route-bed.ts';

const directory = DEFAULT_POLICY.directory;
const briefing = { receives: (reader: { id: string; roles: readonly string[] }) => audienceOf(reader) !== null };

describe('the briefing reader of a caller', () => {
  it('is the signed-in person with their session roles', () => {
    expect(briefingReaderOf(personCaller('fiona', 'finance_manager'), directory)).toEqual({
      id: 'fiona',
      name: 'fiona',
      roles: ['finance_manager'],
    });
  });

  it("is a key's person with the directory's roles, not the key's machine role", () => {
    expect(briefingReaderOf(keyCaller('operator', 'olivia'), directory)).toEqual({
      id: 'olivia',
      name: 'Olivia Owens',
      roles: ['owner', 'ceo'],
    });
  });

  it('refuses a key bound to nobody, and a person none of whose roles gets a briefing', () => {
    expect(() => briefingReaderOf(keyCaller('admin'), directory)).toThrow(
      expect.objectContaining({ code: 'PERSON_REQUIRED', kind: 'forbidden' }),
    );
    for (const caller of [keyCaller('admin', 'bianca'), keyCaller('admin', 'gone'), personCaller('bianca', 'board')])
      expect(() => receivingReaderOf(briefing, caller, directory)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN', kind: 'forbidden' }),
      );
    expect(receivingReaderOf(briefing, keyCaller('operator', 'tara'), directory).roles).toEqual([
      'customer_success_manager',
    ]);
  });
});
