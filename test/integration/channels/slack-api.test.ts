/**
 * The Slack Web API client against a local server that answers like Slack, and approval messages
 * posted from real runs: DMs to the person's Slack id with Block Kit buttons that identify the
 * approval and the decision; Slack's `ok: false` answers, HTTP 429 with Retry-After, and outages.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/engine/index.ts';
import { ChannelError, SlackClient, approvalMessageBlocks, composeMessage } from '../../../src/channels/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { SLACK_TOKEN, createChannelBed, type ChannelBed } from '../../helpers/channel-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.ts';
import { freePort } from '../../helpers/smtp-server.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

async function failure(p: Promise<unknown>): Promise<ChannelError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ChannelError);
    return err as ChannelError;
  }
  throw new Error('expected a failure');
}

describe('SlackClient', () => {
  let slack: FakeSlack;
  let slept: number[];
  let client: SlackClient;
  beforeEach(async () => {
    slack = await startFakeSlack();
    slept = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void slept.push(ms) };
    client = new SlackClient({ token: SLACK_TOKEN, apiBase: slack.apiBase, clock });
  });
  afterEach(async () => {
    await slack.close();
  });

  it("posts chat.postMessage as JSON with the bot token and returns Slack's channel and ts", async () => {
    const posted = await client.postMessage({ channel: 'U01FINMGR', text: 'hello', blocks: [{ type: 'divider' }] });
    expect(posted).toEqual({ channel: 'U01FINMGR', ts: '1700000000.000001' });
    expect(slack.requests).toEqual([
      {
        method: 'chat.postMessage',
        authorization: `Bearer ${SLACK_TOKEN}`,
        contentType: 'application/json; charset=utf-8',
        body: {
          channel: 'U01FINMGR',
          text: 'hello',
          blocks: [{ type: 'divider' }],
          unfurl_links: false,
          unfurl_media: false,
        },
      },
    ]);
  });

  it("turns Slack's { ok: false } answers into errors that say whether a retry can help", async () => {
    slack.script.set('chat.postMessage', [
      { body: { ok: false, error: 'channel_not_found' } },
      { body: { ok: false, error: 'internal_error' } },
      { status: 503, body: { ok: false } },
      { status: 404, body: 'nope' },
    ]);
    const post = () => client.postMessage({ channel: 'U0NOBODY', text: 'x' });
    expect(await failure(post())).toMatchObject({
      code: 'SLACK_API_ERROR',
      retryable: false,
      details: { slackError: 'channel_not_found' },
    });
    expect(await failure(post())).toMatchObject({
      code: 'SLACK_API_ERROR',
      retryable: true,
      details: { slackError: 'internal_error' },
    });
    expect(await failure(post())).toMatchObject({ code: 'SLACK_UNAVAILABLE', retryable: true });
    expect(await failure(post())).toMatchObject({
      code: 'SLACK_API_ERROR',
      retryable: false,
      details: { slackError: 'http_404' },
    });
  });

  it('waits out a short Retry-After once, and hands a long one to the engine as a retryable error', async () => {
    slack.script.set('chat.postMessage', [
      { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
    ]);
    expect(await client.postMessage({ channel: 'U01FINMGR', text: 'x' })).toMatchObject({ channel: 'U01FINMGR' });
    expect(slept).toEqual([1_000]);
    expect(slack.calls('chat.postMessage')).toHaveLength(2);

    slack.script.set('chat.postMessage', [
      { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } },
    ]);
    const long = await failure(client.postMessage({ channel: 'U01FINMGR', text: 'x' }));
    expect(long).toMatchObject({ code: 'SLACK_RATE_LIMITED', retryable: true, details: { retryAfterMs: 120_000 } });

    const twice = { status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } };
    slack.script.set('chat.postMessage', [twice, twice]);
    expect(await failure(client.postMessage({ channel: 'U01FINMGR', text: 'x' }))).toMatchObject({
      code: 'SLACK_RATE_LIMITED',
    });
    expect(slept).toEqual([1_000, 2_000]);
  });

  it('reports an unreachable Slack as retryable without the token in the message', async () => {
    const offline = new SlackClient({ token: SLACK_TOKEN, apiBase: `http://127.0.0.1:${await freePort()}/api` });
    const err = await failure(offline.postMessage({ channel: 'U01FINMGR', text: 'x' }));
    expect(err).toMatchObject({ code: 'SLACK_UNAVAILABLE', retryable: true });
    expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain(SLACK_TOKEN);
  });
});

describe('approval messages in Slack', () => {
  let database: Database;
  let slack: FakeSlack;
  let bed: ChannelBed;
  beforeEach(async () => {
    database = await sqliteFactory.create();
    slack = await startFakeSlack();
    bed = await createChannelBed(database, { slackApiBase: slack.apiBase });
  });
  afterEach(async () => {
    await bed.close();
    await slack.close();
    await database.close();
  });

  it('DMs each approver a Block Kit message whose buttons name the approval and the decision', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200, customers: [{ id: 'cus_42', successManagerId: 'sam' }] });
    const { id } = await bed.approvalOf(runId);
    const posts = slack.calls('chat.postMessage');
    expect(posts.map((p) => p.body.channel).sort()).toEqual(['U01CSM001', 'U01FINMGR']);
    const fiona = posts.find((p) => p.body.channel === 'U01FINMGR')!.body;
    expect(fiona.text).toBe('Approval needed: Refund $4200 (decide by 2 Mar 04:00 PST)');
    const blocks = fiona.blocks as {
      type: string;
      text?: { text: string };
      elements?: { action_id?: string; value?: string; style?: string }[];
    }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(blocks[1]?.text?.text).toContain('*Amount:* $4,200');
    expect(blocks[1]?.text?.text).toContain('*Why you:* finance manager approval');
    expect(JSON.stringify(blocks[2])).toContain(`<https://psizero.example.com/approvals/${id}|the PsiZero dashboard>`);
    expect(blocks[3]?.elements?.map((e) => [e.action_id, e.value, e.style])).toEqual([
      ['psizero_approve', id, 'primary'],
      ['psizero_reject', id, 'danger'],
    ]);
    const sent = await bed.repos.audit.list({ runId, kind: 'notification_sent' });
    const ids = sent
      .filter((e) => e.channel === 'slack')
      .map((e) => e.data as { recipient: string; messageId: string });
    expect(ids.map((d) => [d.recipient, d.messageId.split('/')[0]]).sort()).toEqual([
      ['fiona', 'U01FINMGR'],
      ['sam', 'U01CSM001'],
    ]);
    for (const d of ids) expect(d.messageId).toMatch(/^U\w+\/1700000000\.\d{6}$/);
  });

  it('retries a post while Slack answers 500, as a step of the run', async () => {
    slack.script.set('chat.postMessage', [{ status: 500, body: { ok: false } }]);
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const step = `gate:refund-${runId}:notify:slack:fiona`;
    await bed.engine.runUntil(T0 + 60_000);
    const { history } = await bed.engine.inspect(runId);
    expect(history.filter((h) => h.data.name === step && h.type.startsWith('step_')).map((h) => h.type)).toEqual([
      'step_failed',
      'step_completed',
    ]);
    expect(slack.calls('chat.postMessage')).toHaveLength(2);
    const logs = bed.logs.join('');
    expect(logs).toContain('SLACK_UNAVAILABLE');
    expect(logs).not.toContain(SLACK_TOKEN);
  });

  it('escapes what Slack would read as markup', async () => {
    const runId = await bed.startRefund({ amountUsd: 4200 });
    const approval = await bed.approvalOf(runId);
    const fiona = bed.deps.policy.directory.people.find((p) => p.id === 'fiona')!;
    const notification = {
      type: 'approval_requested' as const,
      approvalId: approval.id,
      runId,
      actionId: approval.actionId,
      title: 'Refund <!channel> & more',
      level: 2,
      recipients: ['fiona'],
      summary: '',
      deadline: approval.deadline,
      idempotencyKey: 'k',
      facts: { amountUsd: 4200, customers: [{ id: 'cus_1', name: '<@U999>' }], recommendation: null },
    };
    const layout = approvalMessageBlocks(
      composeMessage(notification, approval, fiona, bed.deps.policy.directory, T0, 'UTC'),
      approval.id,
    );
    const text = JSON.stringify(layout.blocks);
    expect(text).toContain('Refund &lt;!channel&gt; &amp; more');
    expect(text).toContain('&lt;@U999&gt;');
    expect(text).not.toContain('<!channel>');
  });
});
