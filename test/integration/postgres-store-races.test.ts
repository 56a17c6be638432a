import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import type { EventToPublish, NewRun, OpResult, StoreOp } from '../../src/store/types.ts';
import { pgTestUrl } from '../helpers/pg-cluster.ts';

const url = pgTestUrl();
/** Rounds per race: each round starts the racing transactions at randomly shifted moments. */
const ROUNDS = 60;
const NOW = 1_000;

function newRun(id: string, workflow: string, extra: Partial<NewRun> = {}): NewRun {
  return {
    id,
    workflow,
    version: 1,
    input: {},
    idempotencyKey: null,
    parentId: null,
    createdAt: NOW,
    runnableAt: NOW,
    ...extra,
  };
}

function event(id: string, topic: string, payload: unknown, subscriberRuns: NewRun[] = []): EventToPublish {
  return { id, topic, payload, publishedAt: NOW, sourceRunId: null, subscriberRuns };
}

/** A few event-loop turns (0-3, at random): shifts which transaction reaches the server first, without sleeping. */
async function shuffle(): Promise<void> {
  for (let n = Math.floor(Math.random() * 4); n > 0; n--) await new Promise((r) => setImmediate(r));
}

function race(...calls: (() => Promise<OpResult[]>)[]): Promise<OpResult[][]> {
  return Promise.all(
    calls.map(async (call) => {
      await shuffle();
      return call();
    }),
  );
}

/**
 * The PostgreSQL store's defences against races between worker processes, which SQLite (one
 * writer) never meets: four stores, each with its own pool, on one schema stand in for four worker
 * processes, and every race is run many times with the transactions shifted at random. Each test
 * breaks when the lock it covers is removed (see apply.ts and PostgresStore.claim).
 */
describe.skipIf(!url)('PostgreSQL store: races between worker processes', () => {
  const schema = `psz_races_${randomBytes(4).toString('hex')}`;
  let stores: PostgresStore[] = [];
  let s0: PostgresStore;
  /** Names each store's connections in pg_stat_activity, to see when one of them waits for a lock. */
  const appName = (i: number): string => `${schema}-s${i}`;

  /** Polls (no sleeping) until `done` settles or a connection of store `i` waits for a lock. */
  async function settledOrBlocked(done: Promise<unknown>, i: number): Promise<'settled' | 'blocked'> {
    let settled = false;
    void done.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let n = 0; n < 10_000; n++) {
      if (settled) return 'settled';
      const { rows } = await s0.pool.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
        [appName(i)],
      );
      if (rows.length > 0) return 'blocked';
    }
    throw new Error(`store ${i} neither finished nor waited for a lock`);
  }

  beforeAll(async () => {
    // One after the other: the first migrates the schema, the others find it migrated.
    for (let i = 0; i < 4; i++) {
      stores.push(
        await createPostgresStore({ connectionString: url!, schema, poolSize: 4, applicationName: appName(i) }),
      );
    }
    s0 = stores[0]!;
  });

  afterAll(async () => {
    await s0?.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });

  it('a run suspending on a topic while a matching event is published is always woken, with the event delivered once', async () => {
    const [, s1, s2, s3] = stores as [PostgresStore, PostgresStore, PostgresStore, PostgresStore];
    for (let i = 0; i < ROUNDS; i++) {
      const id = `wait-${i}`;
      const topic = `topic-${i % 3}`;
      await s0.apply([{ kind: 'create', runs: [newRun(id, 'race.wait')] }], NOW);
      const [claimed] = await s0.claim(`owner-${i}`, 1, NOW, 60_000);
      expect(claimed?.run.id).toBe(id);
      const afterSeq = await s0.eventHighWater();
      const suspend: StoreOp = {
        kind: 'commit',
        runId: id,
        owner: `owner-${i}`,
        expectedSeq: 1,
        events: [{ type: 'wait_started', at: NOW, data: {} }],
        status: 'waiting',
        runnableAt: null,
        releaseLease: true,
        waits: [{ key: 'k', topic, match: { n: i }, afterSeq }],
        blockedOn: ['k'],
      };
      const [committed] = await race(
        () => s1.apply([suspend], NOW),
        () => s2.apply([{ kind: 'publish', events: [event(`match-${i}`, topic, { n: i })] }], NOW),
        // Same topic, payload that does not match: must neither wake the run nor consume its wait.
        () => s3.apply([{ kind: 'publish', events: [event(`noise-${i}`, topic, { n: -1 })] }], NOW),
      );
      expect(committed![0]).toMatchObject({ ok: true });
      expect((await s0.getRun(id))?.status, `round ${i}`).toBe('pending');
      const [again] = await s0.claim('check', 1, NOW, 60_000);
      expect(again?.run.id).toBe(id);
      expect(again?.inbox.map((item) => [item.key, (item.payload as { id: string }).id])).toEqual([
        ['k', `match-${i}`],
      ]);
      const done = await s0.apply(
        [
          {
            kind: 'commit',
            runId: id,
            owner: 'check',
            expectedSeq: 2,
            events: [],
            status: 'completed',
            runnableAt: null,
            releaseLease: true,
          },
        ],
        NOW,
      );
      expect(done[0]).toMatchObject({ ok: true });
    }
  });

  it('a wait registered while an earlier-numbered event is still uncommitted still receives it (events are numbered in commit order)', async () => {
    // A new wait takes the highest committed event seq as its starting point and ignores events at
    // or below it. If a publisher could commit seq 11 while seq 10 (another topic's publisher) was
    // still in flight, a wait starting at 11 would miss event 10 for good. Here event 10's publisher
    // is held up deterministically, by a second transaction inserting the same event id uncommitted.
    const [, s1, s2, s3] = stores as [PostgresStore, PostgresStore, PostgresStore, PostgresStore];
    const holder = await s0.pool.connect();
    try {
      for (let i = 0; i < 5; i++) {
        const id = `hw-${i}`;
        await s0.apply([{ kind: 'create', runs: [newRun(id, 'race.hw')] }], NOW);
        const [claimed] = await s0.claim(`hw-owner-${i}`, 1, NOW, 60_000);
        expect(claimed?.run.id).toBe(id);
        await holder.query('BEGIN');
        await holder.query("INSERT INTO events (id, topic, payload, published_at) VALUES ($1, 'hw.a', '{}', 0)", [
          `hw-event-${i}`,
        ]);
        // Allocates its seq, then waits for the holder on the event id.
        const first = s1.apply([{ kind: 'publish', events: [event(`hw-event-${i}`, 'hw.a', { n: i })] }], NOW);
        expect(await settledOrBlocked(first, 1)).toBe('blocked');
        // Another topic, so only the per-schema events lock can hold it behind the first.
        const second = s2.apply([{ kind: 'publish', events: [event(`hw-other-${i}`, 'hw.b', {})] }], NOW);
        await settledOrBlocked(second, 2);
        const afterSeq = await s0.eventHighWater();
        const suspend = s3.apply(
          [
            {
              kind: 'commit',
              runId: id,
              owner: `hw-owner-${i}`,
              expectedSeq: 1,
              events: [{ type: 'wait_started', at: NOW, data: {} }],
              status: 'waiting',
              runnableAt: null,
              releaseLease: true,
              waits: [{ key: 'k', topic: 'hw.a', match: { n: i }, afterSeq }],
              blockedOn: ['k'],
            },
          ],
          NOW,
        );
        await holder.query('ROLLBACK');
        await Promise.all([first, second, suspend]);
        expect((await s0.getRun(id))?.status, `round ${i}`).toBe('pending');
        const [again] = await s0.claim('hw-check', 1, NOW, 60_000);
        expect(again?.inbox.map((item) => (item.payload as { id: string }).id)).toEqual([`hw-event-${i}`]);
        await s0.apply(
          [
            {
              kind: 'commit',
              runId: id,
              owner: 'hw-check',
              expectedSeq: 2,
              events: [],
              status: 'completed',
              runnableAt: null,
              releaseLease: true,
            },
          ],
          NOW,
        );
      }
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  it('a parent suspending on its child while the child finishes is always woken', async () => {
    const [, s1, s2] = stores as [PostgresStore, PostgresStore, PostgresStore];
    for (let i = 0; i < ROUNDS; i++) {
      const parent = `parent-${i}`;
      const child = `parent-${i}.child`;
      await s0.apply([{ kind: 'create', runs: [newRun(parent, 'race.parent')] }], NOW);
      await s0.claim(`p-owner-${i}`, 1, NOW, 60_000);
      await s0.apply([{ kind: 'create', runs: [newRun(child, 'race.child', { parentId: parent })] }], NOW);
      await s0.claim(`c-owner-${i}`, 1, NOW, 60_000);
      const [p, c] = await race(
        () =>
          s1.apply(
            [
              {
                kind: 'commit',
                runId: parent,
                owner: `p-owner-${i}`,
                expectedSeq: 1,
                events: [{ type: 'child_started', at: NOW, data: {} }],
                status: 'waiting',
                runnableAt: null,
                releaseLease: true,
                blockedOn: [`child:${child}`],
              },
            ],
            NOW,
          ),
        () =>
          s2.apply(
            [
              {
                kind: 'commit',
                runId: child,
                owner: `c-owner-${i}`,
                expectedSeq: 1,
                events: [{ type: 'run_completed', at: NOW, data: {} }],
                status: 'completed',
                runnableAt: null,
                output: i,
                releaseLease: true,
              },
            ],
            NOW,
          ),
      );
      expect([p![0], c![0]]).toMatchObject([{ ok: true }, { ok: true }]);
      expect((await s0.getRun(parent))?.status, `round ${i}`).toBe('pending');
      await s0.cancelRun(parent, NOW, 'test over');
    }
  });

  it('workers claiming at once never get the same run', async () => {
    const runs = Array.from({ length: 1_000 }, (_, i) => newRun(`claim-${i}`, 'race.claim'));
    await s0.apply([{ kind: 'create', runs }], NOW);
    const perWorker = await Promise.all(
      stores.map(async (s, w) => {
        const got: string[] = [];
        for (;;) {
          const claimed = await s.claim(`worker-${w}`, 37, NOW, 60_000);
          if (claimed.length === 0) return got;
          got.push(...claimed.map((c) => c.run.id));
        }
      }),
    );
    const all = perWorker.flat();
    expect(all).toHaveLength(1_000);
    expect(new Set(all).size).toBe(1_000);
    await s0.pool.query(
      "UPDATE runs SET status = 'cancelled', runnable_at = NULL, lease_owner = NULL WHERE workflow = 'race.claim'",
    );
  });

  it('of workers racing for a cron slot exactly one fires it', async () => {
    await s0.ensureSchedule('race-cron', 0);
    for (let slot = 1; slot <= ROUNDS; slot++) {
      const results = await race(
        ...stores.map(
          (s, w) => () =>
            s.apply(
              [
                {
                  kind: 'fire_schedule',
                  name: 'race-cron',
                  expectedLastSlot: slot - 1,
                  lastSlot: slot,
                  runs: [
                    newRun(`cron-${slot}-w${w}`, 'race.cron', {
                      idempotencyKey: `schedule:race-cron:${slot}`,
                      runnableAt: NOW + 3_600_000,
                    }),
                  ],
                },
              ],
              NOW,
            ),
        ),
      );
      expect(
        results.filter((r) => r[0]!.ok),
        `slot ${slot}`,
      ).toHaveLength(1);
    }
    expect(await s0.countRuns({ workflow: 'race.cron' })).toBe(ROUNDS);
    expect((await s0.getSchedule('race-cron'))?.lastSlot).toBe(ROUNDS);
  });

  it('concurrent starts with one idempotency key create one run', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const results = await race(
        ...stores.map(
          (s, w) => () =>
            s.apply(
              [
                {
                  kind: 'create',
                  runs: [
                    newRun(`idem-${i}-w${w}`, 'race.idem', { idempotencyKey: `key-${i}`, runnableAt: NOW + 3_600_000 }),
                  ],
                },
              ],
              NOW,
            ),
        ),
      );
      const created = results.map((r) => (r[0]!.ok ? r[0]!.runs[0]! : null));
      expect(
        created.filter((c) => c?.created),
        `round ${i}`,
      ).toHaveLength(1);
      expect(new Set(created.map((c) => c?.id)).size).toBe(1);
    }
    expect(await s0.countRuns({ workflow: 'race.idem' })).toBe(ROUNDS);
  });

  it('one event published by several workers at once is stored once and starts its subscriber runs once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const results = await race(
        ...stores.map(
          (s, w) => () =>
            s.apply(
              [
                {
                  kind: 'publish',
                  events: [
                    event(`dup-${i}`, 'race.dup', { i }, [
                      newRun(`sub-${i}-w${w}`, 'race.sub', { runnableAt: NOW + 3_600_000 }),
                    ]),
                  ],
                },
              ],
              NOW,
            ),
        ),
      );
      const started = results.flatMap((r) => (r[0]!.ok ? r[0]!.runs.filter((run) => run.created) : []));
      expect(started, `round ${i}`).toHaveLength(1);
    }
    const { rows } = await s0.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM events WHERE topic = 'race.dup'",
    );
    expect(rows[0]!.n).toBe(ROUNDS);
    expect(await s0.countRuns({ workflow: 'race.sub' })).toBe(ROUNDS);
  });
});
