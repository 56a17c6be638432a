/**
 * Rating the morning briefing from Slack, with signed payloads as Slack sends them, on every
 * dialect: a click on a rating button stores the score at once (channel `slack`) as the directory
 * person behind the Slack user and asks for a comment in a modal, whose submission stores it; an
 * unknown user, a morning without a briefing and a malformed value are refused, nothing stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BriefingRepository } from '../../../src/briefings/index.ts';
import {
  SLACK_RATING_CALLBACK,
  SlackClient,
  SlackReplayGuard,
  handleSlackInteraction,
  ratingBlocks,
  slackInteractionsHandler,
  slackSignature,
  type SlackInteractionDeps,
} from '../../../src/channels/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { ManualClock } from '../../../src/lib/clock.ts';
import { DEFAULT_POLICY } from '../../../src/policy/index.ts';
import { databaseFactories } from '../../helpers/databases.ts';
import { T0 } from '../../helpers/engine.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.ts';

const SIGNING_SECRET = 'slack-signing-secret-8f14e45fceea167a';
const FIONA = 'U01FINMGR';
const DATE = '2026-03-09';
const MESSAGE = { channel_id: 'D0FIONA', message_ts: '1700000000.000001' };

function signed(payload: unknown, secret = SIGNING_SECRET): { rawBody: string; headers: Record<string, string> } {
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(T0 / 1000));
  return {
    rawBody,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': slackSignature(secret, timestamp, rawBody),
    },
  };
}

/** The button of `score` exactly as the briefing message carries it. */
function button(score: number): { action_id: string; value: string } {
  const actions = ratingBlocks(DATE).find((b) => b.type === 'actions') as {
    elements: { action_id: string; value: string }[];
  };
  return actions.elements[score - 1]!;
}

function click(user: string, action: { action_id: string; value: string }, triggerId: string | null = 'trig-1') {
  return {
    type: 'block_actions',
    user: { id: user },
    ...(triggerId !== null && { trigger_id: triggerId }),
    container: { type: 'message', ...MESSAGE },
    channel: { id: MESSAGE.channel_id },
    actions: [{ ...action, block_id: 'briefing_rating', type: 'button', action_ts: '1700000001.0' }],
  };
}

function submission(user: string, metadata: string, comment: string | null) {
  return {
    type: 'view_submission',
    user: { id: user },
    view: {
      callback_id: SLACK_RATING_CALLBACK,
      private_metadata: metadata,
      state: { values: { comment: { comment: { type: 'plain_text_input', value: comment } } } },
    },
  };
}

describe.each(databaseFactories())('rating the briefing from Slack on $name', (factory) => {
  let database: Database;
  let slack: FakeSlack;
  let ratings: BriefingRepository;
  let deps: SlackInteractionDeps;
  const send = (s: { rawBody: string; headers: Record<string, string> }) =>
    handleSlackInteraction(s.rawBody, s.headers, deps);

  beforeEach(async () => {
    database = await factory.create();
    slack = await startFakeSlack();
    ratings = new BriefingRepository(database.db);
    await ratings.save({ date: DATE, asOf: T0, runId: null, composedAt: T0, model: {} });
    const clock = new ManualClock(T0);
    deps = {
      signingSecret: SIGNING_SECRET,
      directory: DEFAULT_POLICY.directory,
      timeZone: DEFAULT_POLICY.businessCalendar.timeZone,
      approvals: {
        get: () => Promise.reject(new Error('no approvals here')),
        decide: () => Promise.reject(new Error('no approvals here')),
      },
      clock,
      replayGuard: new SlackReplayGuard(),
      client: new SlackClient({ token: 'xoxb-test', apiBase: slack.apiBase, clock, maxRateLimitWaitMs: 0 }),
      briefingRatings: ratings,
    };
  });
  afterEach(async () => {
    await slack.close();
    await database.close();
  });

  it('stores the score of the clicked button as the Slack user’s person, then asks for a comment', async () => {
    // Through the HTTP entry point, as Slack posts it.
    const request = signed(click(FIONA, button(4)));
    const res = await slackInteractionsHandler(deps)(
      new Request('http://localhost/slack/interactions', {
        method: 'POST',
        headers: request.headers,
        body: request.rawBody,
      }),
    );
    expect(res.status).toBe(200);
    expect(await ratings.ratingOf(DATE, 'fiona')).toEqual({
      date: DATE,
      personId: 'fiona',
      rating: 4,
      comment: null,
      channel: 'slack',
      ratedAt: T0,
    });
    const [open] = slack.calls('views.open');
    expect(open?.body).toMatchObject({ trigger_id: 'trig-1', view: { callback_id: SLACK_RATING_CALLBACK } });
    const view = open!.body.view as { private_metadata: string; blocks: unknown[] };
    expect(JSON.parse(view.private_metadata)).toEqual({ date: DATE, score: 4 });
    expect(JSON.stringify(view.blocks)).toContain('Monday, March 9, 2026 *4/5*');

    // The modal's submission stores the comment with the score; its answer (empty) closes it.
    const done = await send(signed(submission(FIONA, view.private_metadata, '  More on churn, please ')));
    expect(done).toMatchObject({ status: 200, outcome: 'rated', personId: 'fiona', body: null });
    expect(await ratings.ratingOf(DATE, 'fiona')).toMatchObject({
      rating: 4,
      comment: 'More on churn, please',
      channel: 'slack',
    });
  });

  it('rating again replaces the rating; without a trigger it thanks the person in an ephemeral message', async () => {
    await send(signed(click(FIONA, button(2))));
    const again = await send(signed(click(FIONA, button(5), null)));
    expect(again).toMatchObject({
      status: 200,
      outcome: 'rated',
      message: `Thank you: you rated the briefing of ${DATE} 5/5.`,
    });
    expect((await ratings.ratingOf(DATE, 'fiona'))?.rating).toBe(5);
    expect(slack.calls('chat.postEphemeral').at(-1)?.body).toMatchObject({ user: FIONA, text: again.message });
  });

  it('refuses a Slack user who is nobody in the directory, and stores nothing', async () => {
    const result = await send(signed(click('U0STRANGER', button(3))));
    expect(result).toMatchObject({ status: 200, outcome: 'refused', code: 'UNKNOWN_PERSON', personId: null });
    expect(slack.calls('chat.postEphemeral')[0]?.body).toMatchObject({ user: 'U0STRANGER' });
    expect(slack.calls('views.open')).toEqual([]);
    const form = await send(signed(submission('U0STRANGER', JSON.stringify({ date: DATE, score: 3 }), 'hi')));
    expect(form).toMatchObject({ outcome: 'refused', code: 'UNKNOWN_PERSON', body: { response_action: 'errors' } });
    const rows = await database.db.kysely.selectFrom('briefing_ratings').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('refuses a morning without a briefing and malformed values, and stores nothing', async () => {
    const missing = await send(signed(click(FIONA, { action_id: 'briefing_rate_3', value: '2026-01-01:3' })));
    expect(missing).toMatchObject({ status: 200, outcome: 'refused', code: 'NOT_FOUND', personId: 'fiona' });
    expect(slack.calls('chat.postEphemeral')[0]?.body.text).toContain('no morning briefing of 2026-01-01');
    for (const value of ['2026-03-09:9', '2026-03-09', 'yesterday:3', '2026-02-30:3', '2026-03-09:3:1'])
      expect(await send(signed(click(FIONA, { action_id: 'briefing_rate_3', value })))).toMatchObject({
        status: 400,
        outcome: 'invalid',
        code: 'VALIDATION_FAILED',
      });
    const badForm = await send(signed(submission(FIONA, JSON.stringify({ date: DATE, score: 0 }), 'x')));
    expect(badForm).toMatchObject({ status: 400, outcome: 'invalid' });
    const gone = await send(signed(submission(FIONA, JSON.stringify({ date: '2026-01-01', score: 3 }), 'x')));
    expect(gone).toMatchObject({ outcome: 'refused', code: 'NOT_FOUND', body: { response_action: 'errors' } });
    expect(await ratings.ratingOf(DATE, 'fiona')).toBeNull();
  });

  it('refuses a rating click that is not signed with the signing secret', async () => {
    const forged = await send(signed(click(FIONA, button(1)), 'not-the-signing-secret-000000000'));
    expect(forged).toMatchObject({ status: 401, outcome: 'unauthorized' });
    expect(await ratings.ratingOf(DATE, 'fiona')).toBeNull();
  });
});
