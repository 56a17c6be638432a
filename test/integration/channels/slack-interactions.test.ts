/**
 * Slack's interactions endpoint with signed payloads as Slack sends them: a click decides as the
 * Slack user mapped in the directory; forged, tampered, stale, replayed and unsigned requests are
 * refused with 401; unknown and ineligible users are refused without a decision; a Reject click
 * asks for the reason in a modal whose submission decides.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackInteractionDeps } from '../../../src/channels/index.ts';
import {
  SlackClient,
  SlackReplayGuard,
  handleSlackInteraction,
  slackInteractionsHandler,
  slackSignature,
} from '../../../src/channels/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { SLACK_TOKEN, createChannelBed, memoryLogger, type ChannelBed } from '../../helpers/channel-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

const SIGNING_SECRET = 'slack-signing-secret-8f14e45fceea167a';
const FIONA = 'U01FINMGR';
const MESSAGE = { channel_id: 'D0FIONA', message_ts: '1700000000.000001' };

interface Signed {
  rawBody: string;
  headers: Record<string, string>;
}

function sign(payload: unknown, options: { secret?: string; at?: number } = {}): Signed {
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor((options.at ?? T0) / 1000));
  return {
    rawBody,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, rawBody),
    },
  };
}

function click(
  user: string,
  actionId: 'psizero_approve' | 'psizero_reject',
  approvalId: string,
  triggerId = 'trigger-1',
): unknown {
  return {
    type: 'block_actions',
    user: { id: user, username: 'someone' },
    trigger_id: triggerId,
    container: { type: 'message', ...MESSAGE },
    channel: { id: MESSAGE.channel_id },
    actions: [
      {
        action_id: actionId,
        block_id: 'psizero_decision',
        value: approvalId,
        type: 'button',
        action_ts: '1700000001.0',
      },
    ],
  };
}

function submission(user: string, metadata: string, reason: string | null): unknown {
  return {
    type: 'view_submission',
    user: { id: user },
    view: {
      callback_id: 'psizero_reject_reason',
      private_metadata: metadata,
      state: { values: { reason: { reason: { type: 'plain_text_input', value: reason } } } },
    },
  };
}

describe('Slack interactions', () => {
  let database: Database;
  let slack: FakeSlack;
  let bed: ChannelBed;
  let deps: SlackInteractionDeps;
  let logs: string[];
  let runId: string;
  let approvalId: string;
  const send = (signed: Signed) => handleSlackInteraction(signed.rawBody, signed.headers, deps);

  beforeEach(async () => {
    database = await sqliteFactory.create();
    slack = await startFakeSlack();
    bed = await createChannelBed(database);
    logs = [];
    deps = {
      signingSecret: SIGNING_SECRET,
      directory: bed.deps.policy.directory,
      timeZone: bed.deps.policy.businessCalendar.timeZone,
      approvals: bed.service,
      clock: bed.clock,
      replayGuard: new SlackReplayGuard(),
      client: new SlackClient({ token: SLACK_TOKEN, apiBase: slack.apiBase, clock: bed.clock, maxRateLimitWaitMs: 0 }),
      logger: memoryLogger(logs),
    };
    runId = await bed.startRefund({ amountUsd: 4200 });
    approvalId = (await bed.approvalOf(runId)).id;
  });
  afterEach(async () => {
    await bed.close();
    await slack.close();
    await database.close();
  });

  it('decides as the directory person behind the Slack user, and shows the decision in place of the buttons', async () => {
    const result = await send(sign(click(FIONA, 'psizero_approve', approvalId)));
    expect(result).toMatchObject({
      status: 200,
      outcome: 'decided',
      code: null,
      approvalId,
      personId: 'fiona',
      body: null,
    });
    expect((await bed.approvalOf(runId)).decisions).toEqual([
      expect.objectContaining({ by: 'fiona', verdict: 'approve', channel: 'slack' }),
    ]);
    const [decision] = await bed.repos.audit.list({ runId, kind: 'approval_decision' });
    expect(decision).toMatchObject({ actor: 'fiona', channel: 'slack' });
    const [update] = slack.calls('chat.update');
    expect(update?.body).toMatchObject({
      channel: MESSAGE.channel_id,
      ts: MESSAGE.message_ts,
      text: 'You approved: Refund $4200',
    });
    expect(JSON.stringify(update?.body.blocks)).not.toContain('psizero_approve');
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed' });
  });

  it('refuses forged, tampered, stale, future, unsigned and replayed requests with 401 and decides nothing', async () => {
    const forged = await send(
      sign(click(FIONA, 'psizero_approve', approvalId), { secret: 'not-the-signing-secret-at-all' }),
    );
    expect(forged).toMatchObject({ status: 401, outcome: 'unauthorized', code: 'SLACK_SIGNATURE_INVALID' });

    const genuine = sign(click('U01CSM001', 'psizero_approve', approvalId));
    const tampered = { ...genuine, rawBody: genuine.rawBody.replace('U01CSM001', FIONA) };
    expect(await send(tampered)).toMatchObject({ status: 401, code: 'SLACK_SIGNATURE_INVALID' });

    expect(
      await send(sign(click(FIONA, 'psizero_approve', approvalId), { at: T0 - 5 * 60_000 - 1_000 })),
    ).toMatchObject({ status: 401, code: 'SLACK_REQUEST_STALE' });
    expect(await send(sign(click(FIONA, 'psizero_approve', approvalId), { at: T0 + 6 * 60_000 }))).toMatchObject({
      status: 401,
      code: 'SLACK_REQUEST_STALE',
    });

    const unsigned = sign(click(FIONA, 'psizero_approve', approvalId));
    delete unsigned.headers['X-Slack-Signature'];
    expect(await send(unsigned)).toMatchObject({ status: 401, code: 'SLACK_SIGNATURE_MISSING' });
    expect((await bed.approvalOf(runId)).decisions).toEqual([]);

    // Within the window a captured request is accepted once; its replay is refused before anything is read.
    const reject = sign(click(FIONA, 'psizero_reject', approvalId));
    expect(await send(reject)).toMatchObject({ status: 200, outcome: 'reason_requested' });
    expect(await send(reject)).toMatchObject({ status: 401, code: 'SLACK_REQUEST_REPLAYED' });
    expect(slack.calls('views.open')).toHaveLength(1);

    const logged = logs.join('');
    expect(logged).toContain('SLACK_REQUEST_REPLAYED');
    expect(logged).not.toContain(SIGNING_SECRET);
    expect(logged).not.toContain(SLACK_TOKEN);
  });

  it('refuses Slack users who are not in the directory, or may not decide, and tells them why', async () => {
    const unknown = await send(sign(click('U0STRANGER', 'psizero_approve', approvalId)));
    expect(unknown).toMatchObject({ status: 200, outcome: 'refused', code: 'UNKNOWN_PERSON', personId: null });
    const sam = await send(sign(click('U01CSM001', 'psizero_approve', approvalId)));
    expect(sam).toMatchObject({ status: 200, outcome: 'refused', code: 'NOT_AUTHORIZED', personId: 'sam' });
    const missing = await send(sign(click(FIONA, 'psizero_approve', 'apr_does_not_exist')));
    expect(missing).toMatchObject({ status: 200, outcome: 'refused', code: 'NOT_FOUND' });
    expect((await bed.approvalOf(runId)).decisions).toEqual([]);
    const ephemeral = slack.calls('chat.postEphemeral').map((r) => [r.body.user, r.body.channel]);
    expect(ephemeral).toEqual([
      ['U0STRANGER', MESSAGE.channel_id],
      ['U01CSM001', MESSAGE.channel_id],
      [FIONA, MESSAGE.channel_id],
    ]);
    expect(slack.calls('chat.postEphemeral')[0]?.body.text).toContain('not linked to anyone');
  });

  it('asks for the reason of a rejection in a modal, and decides when it is submitted with one', async () => {
    expect(await send(sign(click(FIONA, 'psizero_reject', approvalId, 'trigger-42')))).toMatchObject({
      outcome: 'reason_requested',
      code: null,
    });
    expect((await bed.approvalOf(runId)).decisions).toEqual([]);
    const [open] = slack.calls('views.open');
    expect(open?.body.trigger_id).toBe('trigger-42');
    const view = open?.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id?: string }[];
    };
    expect(view.callback_id).toBe('psizero_reject_reason');
    expect(JSON.parse(view.private_metadata)).toEqual({
      approvalId,
      message: { channel: MESSAGE.channel_id, ts: MESSAGE.message_ts },
    });
    expect(view.blocks.map((b) => b.block_id ?? b.type)).toEqual(['section', 'reason']);

    const blank = await send(sign(submission(FIONA, view.private_metadata, '   ')));
    expect(blank).toMatchObject({
      status: 200,
      outcome: 'refused',
      code: 'REASON_REQUIRED',
      body: { response_action: 'errors', errors: { reason: 'Please say why you reject it.' } },
    });
    const impostor = await send(sign(submission('U0STRANGER', view.private_metadata, 'no')));
    expect(impostor).toMatchObject({ code: 'UNKNOWN_PERSON', body: { response_action: 'errors' } });

    const done = await send(
      sign(submission(FIONA, view.private_metadata, 'the customer was already refunded by hand')),
    );
    expect(done).toMatchObject({ status: 200, outcome: 'decided', body: null, personId: 'fiona' });
    expect((await bed.approvalOf(runId)).decisions).toEqual([
      expect.objectContaining({
        by: 'fiona',
        verdict: 'reject',
        channel: 'slack',
        reason: 'the customer was already refunded by hand',
      }),
    ]);
    expect(slack.calls('chat.update')[0]?.body).toMatchObject({
      channel: MESSAGE.channel_id,
      text: 'You rejected: Refund $4200',
    });
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'not_executed', reason: 'rejected' });
  });

  it('points a rejection to the dashboard and the email link when the modal cannot open', async () => {
    slack.script.set('views.open', [{ body: { ok: false, error: 'expired_trigger_id' } }]);
    const result = await send(sign(click(FIONA, 'psizero_reject', approvalId)));
    expect(result).toMatchObject({ status: 200, outcome: 'reason_requested', code: 'REASON_REQUIRED' });
    expect(slack.calls('chat.postEphemeral')[0]?.body.text).toContain(
      'Reject from the PsiZero dashboard or with the Reject link in your email',
    );
    expect((await bed.approvalOf(runId)).decisions).toEqual([]);
  });

  it('answers 400 for a signed body that is not an interaction, and ignores interactions that are not PsiZero’s', async () => {
    const notJson = { rawBody: 'payload=%7Bnot-json', headers: {} as Record<string, string> };
    const ts = String(Math.floor(T0 / 1000));
    notJson.headers = {
      'x-slack-request-timestamp': ts,
      'x-slack-signature': slackSignature(SIGNING_SECRET, ts, notJson.rawBody),
    };
    expect(await send(notJson)).toMatchObject({ status: 400, outcome: 'invalid', code: 'VALIDATION_FAILED' });
    const noUser = await send(
      sign({ type: 'block_actions', actions: [{ action_id: 'psizero_approve', value: approvalId }] }),
    );
    expect(noUser).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(noUser.message).toContain('payload.user');
    expect(await send(sign({ type: 'shortcut', user: { id: FIONA } }))).toMatchObject({
      status: 200,
      outcome: 'ignored',
    });
  });

  it('serves the same handler as a fetch-style endpoint for the HTTP layer', async () => {
    const handler = slackInteractionsHandler(deps);
    const request = (signed: Signed): Request =>
      new Request('http://localhost/slack/interactions', {
        method: 'POST',
        headers: signed.headers,
        body: signed.rawBody,
      });
    const forged = await handler(
      request(sign(click(FIONA, 'psizero_approve', approvalId), { secret: 'wrong-secret-wrong-secret' })),
    );
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({
      error: { code: 'SLACK_SIGNATURE_INVALID', message: 'the Slack signature does not match the request' },
    });
    const ok = await handler(request(sign(click(FIONA, 'psizero_approve', approvalId))));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    expect((await bed.approvalOf(runId)).status).toBe('approved');
  });
});
