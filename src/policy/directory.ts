/**
 * The directory of people who can approve or decide: who they are, which roles they hold, who
 * stands in for them (the backup a synchronous approval escalates to), and how to reach them.
 */
import { z } from 'zod';
import type { DeepReadonly } from './primitives.ts';
import { RoleNameSchema } from './primitives.ts';

const PersonIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a person id of lowercase letters, digits, "-" or "_"');

export const PersonSchema = z.strictObject({
  id: PersonIdSchema,
  name: z.string().min(1),
  roles: z.array(RoleNameSchema),
  /** Who decides in this person's place when they do not answer in time; must be someone else. */
  backupId: PersonIdSchema,
  /** How channels reach the person; without email or Slack they see notifications in the dashboard only. */
  email: z.email().optional(),
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user id such as U024BE7LH')
    .optional(),
});

export const DirectorySchema = z.strictObject({ people: z.array(PersonSchema).min(1) });

export type Person = DeepReadonly<z.infer<typeof PersonSchema>>;
export type Directory = DeepReadonly<z.infer<typeof DirectorySchema>>;

export function findPerson(directory: Directory, id: string): Person | undefined {
  return directory.people.find((p) => p.id === id);
}

/** Everyone holding `role`, in directory order. */
export function holdersOfRole(directory: Directory, role: string): readonly Person[] {
  return directory.people.filter((p) => p.roles.includes(role));
}

/** The person who stands in for `id`, or undefined when `id` is unknown. */
export function backupOf(directory: Directory, id: string): Person | undefined {
  const person = findPerson(directory, id);
  return person === undefined ? undefined : findPerson(directory, person.backupId);
}
