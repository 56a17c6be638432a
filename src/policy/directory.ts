/**
 * The directory of people who can approve or decide: who they are, which roles they hold, who
 * stands in for them (the backup a synchronous approval escalates to), where they work (their time
 * zone, for business-hours deadlines) and how to reach them.
 */
import { z } from 'zod';
import { TimeZoneSchema } from './business-hours.ts';
import type { DeepReadonly } from './primitives.ts';
import { RoleNameSchema } from './primitives.ts';

const PersonIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a person id of lowercase letters, digits, "-" or "_"');

export const PersonSchema = z.strictObject({
  id: PersonIdSchema,
  name: z.string().min(1),
  roles: z.array(RoleNameSchema),
  /**
   * Who decides in this person's place when they do not answer in time; must be someone else, and
   * following backups must never lead back to anyone already on the way. Absent at the top of the
   * organisation (the owner), where a chain of backups ends.
   */
  backupId: PersonIdSchema.optional(),
  /** The IANA zone the person works in; their business-hours deadlines follow it. Absent: the calendar's zone. */
  timeZone: TimeZoneSchema.optional(),
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

/** The person who stands in for `id`, or undefined when `id` is unknown or has no backup. */
export function backupOf(directory: Directory, id: string): Person | undefined {
  const backupId = findPerson(directory, id)?.backupId;
  return backupId === undefined ? undefined : findPerson(directory, backupId);
}

/**
 * Every cycle in the backup graph, each once, as the ids along it from its member listed first in
 * the directory back to that member (`['olivia', 'carlos', 'olivia']`). A person who is their own
 * backup, and backups naming nobody in the directory, are reported elsewhere and not here.
 */
export function backupCycles(people: readonly { id: string; backupId?: string | undefined }[]): string[][] {
  const backupOfId = new Map<string, string>();
  for (const p of people) {
    if (p.backupId !== undefined && p.backupId !== p.id) backupOfId.set(p.id, p.backupId);
  }
  const order = new Map(people.map((p, i) => [p.id, i]));
  const done = new Set<string>();
  const cycles: string[][] = [];
  for (const { id } of people) {
    const path: string[] = [];
    let at: string | undefined = id;
    // Each person has at most one backup, so a walk either ends, reaches a finished walk, or loops.
    while (at !== undefined && order.has(at) && !done.has(at) && !path.includes(at)) {
      path.push(at);
      at = backupOfId.get(at);
    }
    if (at !== undefined && path.includes(at)) {
      const loop = path.slice(path.indexOf(at));
      const first = loop.reduce((a, b) => (order.get(b)! < order.get(a)! ? b : a));
      const from = loop.indexOf(first);
      cycles.push([...loop.slice(from), ...loop.slice(0, from), first]);
    }
    for (const visited of path) done.add(visited);
  }
  return cycles;
}
