/**
 * Whose briefing a caller reads: the signed-in person, or the directory person an API key is bound
 * to. A key reads with that person's directory roles, so the cut follows the person, never the
 * key's machine role; a key bound to nobody is refused (PERSON_REQUIRED).
 */
import { AuthError, type Principal } from '../../auth/index.ts';
import { findPerson, type Directory } from '../../policy/index.ts';
import type { Reader } from '../../workflows/briefing/index.ts';
import { deciderOf } from './approval-access.ts';
import type { BriefingPort } from './services.ts';

export function briefingReaderOf(principal: Principal, directory: Directory): Reader {
  const id = deciderOf(principal);
  if (principal.kind === 'person') return { id, name: principal.name, roles: principal.roles };
  const person = findPerson(directory, id);
  return { id, name: person?.name ?? id, roles: person?.roles ?? [] };
}

/** The reader, refused with the guard's 403 when none of their roles gets a briefing. */
export function receivingReaderOf(
  briefing: Pick<BriefingPort, 'receives'>,
  principal: Principal,
  directory: Directory,
): Reader {
  const reader = briefingReaderOf(principal, directory);
  if (!briefing.receives(reader))
    throw new AuthError('FORBIDDEN', `none of ${reader.name}'s roles gets a morning briefing`);
  return reader;
}
