/**
 * Stored morning briefings: the composed model of each date (plain JSON, whose shape the briefing
 * workflow owns), written by the workflow's `store` step and read by the dashboard. One row per
 * date; composing a morning again replaces it. Written once for SQLite and PostgreSQL.
 */
import type { Selectable } from 'kysely';
import type { BriefingRatingsTable, BriefingsTable, Db } from '../db/index.ts';

export interface StoredBriefing {
  date: string;
  asOf: number;
  runId: string | null;
  composedAt: number;
  model: unknown;
}

export interface BriefingRating {
  date: string;
  personId: string;
  /** 1 (useless) to 5 (exactly what I needed). */
  rating: number;
  comment: string | null;
  /** Where it was given: `dashboard`, `email` (a signed link) or `slack` (the message's buttons). */
  channel: string;
  ratedAt: number;
}

export class BriefingRepository {
  constructor(private readonly db: Db) {}

  async save(briefing: StoredBriefing): Promise<void> {
    const row = {
      date: briefing.date,
      as_of: briefing.asOf,
      run_id: briefing.runId,
      composed_at: briefing.composedAt,
      model: JSON.stringify(briefing.model),
    };
    await this.db.kysely
      .insertInto('briefings')
      .values(row)
      .onConflict((oc) =>
        oc.column('date').doUpdateSet({
          as_of: row.as_of,
          run_id: row.run_id,
          composed_at: row.composed_at,
          model: row.model,
        }),
      )
      .execute();
  }

  async get(date: string): Promise<StoredBriefing | null> {
    const row = await this.db.kysely.selectFrom('briefings').selectAll().where('date', '=', date).executeTakeFirst();
    return row === undefined ? null : briefingOfRow(row);
  }

  /** The latest stored briefings, newest first (one query, for lists that need each morning's model). */
  async recent(limit: number): Promise<StoredBriefing[]> {
    const rows = await this.db.kysely
      .selectFrom('briefings')
      .selectAll()
      .orderBy('date', 'desc')
      .limit(limit)
      .execute();
    return rows.map(briefingOfRow);
  }

  async exists(date: string): Promise<boolean> {
    const row = await this.db.kysely.selectFrom('briefings').select('date').where('date', '=', date).executeTakeFirst();
    return row !== undefined;
  }

  /** The dates with a stored briefing, newest first. */
  async dates(limit = 90): Promise<string[]> {
    const rows = await this.db.kysely
      .selectFrom('briefings')
      .select('date')
      .orderBy('date', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.date);
  }

  /** Records a person's rating of a morning; rating again replaces it. */
  async rate(r: BriefingRating): Promise<void> {
    const row = {
      date: r.date,
      person_id: r.personId,
      rating: r.rating,
      comment: r.comment,
      channel: r.channel,
      rated_at: r.ratedAt,
    };
    await this.db.kysely
      .insertInto('briefing_ratings')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['date', 'person_id'])
          .doUpdateSet({ rating: row.rating, comment: row.comment, channel: row.channel, rated_at: row.rated_at }),
      )
      .execute();
  }

  /** The person's ratings of those mornings (the ones they rated). */
  async ratingsBy(personId: string, dates: readonly string[]): Promise<BriefingRating[]> {
    if (dates.length === 0) return [];
    const rows = await this.db.kysely
      .selectFrom('briefing_ratings')
      .selectAll()
      .where('person_id', '=', personId)
      .where('date', 'in', dates)
      .execute();
    return rows.map(ratingOfRow);
  }

  async ratingOf(date: string, personId: string): Promise<BriefingRating | null> {
    const row = await this.db.kysely
      .selectFrom('briefing_ratings')
      .selectAll()
      .where('date', '=', date)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row === undefined ? null : ratingOfRow(row);
  }
}

function briefingOfRow(row: Selectable<BriefingsTable>): StoredBriefing {
  return {
    date: row.date,
    asOf: Number(row.as_of),
    runId: row.run_id,
    composedAt: Number(row.composed_at),
    model: JSON.parse(row.model) as unknown,
  };
}

function ratingOfRow(row: Selectable<BriefingRatingsTable>): BriefingRating {
  return {
    date: row.date,
    personId: row.person_id,
    rating: Number(row.rating),
    comment: row.comment,
    channel: row.channel,
    ratedAt: Number(row.rated_at),
  };
}
