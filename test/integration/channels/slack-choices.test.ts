/**
 * Approvals with choices in Slack: the message posted from a real run lists the options and has
 * one button per option (value: approval id + option) plus Reject; a click on an option approves
 * with it and the run executes with it; a plain Approve click is refused clearly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackInteractionDeps } from '../../../src/channels/index.ts';
import {
  SlackClient,
  SlackReplayGuard,
  encodeChoiceValue,
  handleSlackInteraction,
  slackSignature,
} from '../../../src/channels/index.ts';
import type { Database } from '../../../src/db/index.ts';
import { SLACK_TOKEN, createChannelBed, type ChannelBed } from '../../helpers/channel-bed.ts';
import { T0 } from '../../helpers/engine.ts';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.ts';
import { sqliteFactory } from '../../helpers/databases.ts';

const SIGNING_SECRET = 'slack-signing-secret-for-choice-tests';
const FIONA = 'U01FINMGR';
const MESSAGE = { channel_id: 'D0FIONA', message_ts: '1700000000.000001' };
const CHOICES = [
  { id: 'retry_now', label: 'Retry the charge now', description: 'Charge the card on file again right away.' },
  { id: 'extend_grace', label: 'Extend the grace period' },
  { id: 'write_off', label: 'Write the invoice off', description: 'Mark it uncollectible & restore access.' },
];

interface Block {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; style?: string; text?: { text: string } }[];
}

function signed(payload: unknown): { rawBody: string; headers: Record<string, string> } {
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(T0 / 1000));
  return {
    rawBody,
    headers: {
      'X-Slack-Request-Timestamp': timestamp,
      'X-Slack-Signature': slackSignature(SIGNING_SECRET, timestamp, rawBody),
    },
  };
}

function click(actionId: string, value: string): unknown {
  return {
    type: 'block_actions',
    user: { id: FIONA },
    trigger_id: 'trigger-1',
    container: { type: 'message', ...MESSAGE },
    channel: { id: MESSAGE.channel_id },
    actions: [{ action_id: actionId, block_id: 'psizero_decision', value, type: 'button' }],
  };
}

describe('Slack approvals with choices', () => {
  let database: Database;
  let slack: FakeSlack;
  let bed: ChannelBed;
  let deps: SlackInteractionDeps;
  let runId: string;
  let approvalId: string;
  const send = (payload: unknown) => {
    const s = signed(payload);
    return handleSlackInteraction(s.rawBody, s.headers, deps);
  };

  beforeEach(async () => {
    database = await sqliteFactory.create();
    slack = await startFakeSlack();
    bed = await createChannelBed(database, { slackApiBase: slack.apiBase });
    deps = {
      signingSecret: SIGNING_SECRET,
      directory: bed.deps.policy.directory,
      timeZone: bed.deps.policy.businessCalendar.timeZone,
      approvals: bed.service,
      clock: bed.clock,
      replayGuard: new SlackReplayGuard(),
      client: new SlackClient({ token: SLACK_TOKEN, apiBase: slack.apiBase, clock: bed.clock, maxRateLimitWaitMs: 0 }),
    };
    runId = await bed.startRefund({ amountUsd: 4200, choices: CHOICES });
    approvalId = (await bed.approvalOf(runId)).id;
  });
  afterEach(async () => {
    await bed.close();
    await slack.close();
    await database.close();
  });

  it('posts one button per option plus Reject, with the options and their descriptions listed', async () => {
    const post = slack.calls('chat.postMessage').find((p) => p.body.channel === FIONA)!.body;
    const blocks = post.blocks as Block[];
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements!.map((e) => [e.action_id, e.value, e.text?.text])).toEqual([
      ['psizero_choose:retry_now', encodeChoiceValue(approvalId, 'retry_now'), 'Retry the charge now'],
      ['psizero_choose:extend_grace', encodeChoiceValue(approvalId, 'extend_grace'), 'Extend the grace period'],
      ['psizero_choose:write_off', encodeChoiceValue(approvalId, 'write_off'), 'Write the invoice off'],
      ['psizero_reject', approvalId, 'Reject'],
    ]);
    expect(JSON.stringify(blocks)).not.toContain('"psizero_approve"');
    const listed = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith('*Choose one to approve it:*'));
    expect(listed).toContain('• *Retry the charge now* — Charge the card on file again right away.');
    expect(listed).toContain('Mark it uncollectible &amp; restore access.');
  });

  it('approves with the option clicked, shows it in place of the buttons, and the run executes with it', async () => {
    const result = await send(click('psizero_choose:write_off', encodeChoiceValue(approvalId, 'write_off')));
    expect(result).toMatchObject({ status: 200, outcome: 'decided', code: null, approvalId, personId: 'fiona' });
    expect((await bed.approvalOf(runId)).decisions).toMatchObject([
      { by: 'fiona', verdict: 'approve', channel: 'slack', choice: 'write_off' },
    ]);
    const [update] = slack.calls('chat.update');
    expect(JSON.stringify(update?.body.blocks)).toContain('You approved this (*Write the invoice off*)');
    await bed.engine.drain();
    expect(await bed.output(runId)).toMatchObject({ outcome: 'executed', choice: 'write_off' });
  });

  it('refuses a plain Approve click on an approval with choices, and says what to do', async () => {
    const result = await send(click('psizero_approve', approvalId));
    expect(result).toMatchObject({ status: 200, outcome: 'refused', code: 'CHOICE_REQUIRED' });
    expect(slack.calls('chat.postEphemeral')[0]?.body.text).toContain('Click the button of the option you approve');
    expect((await bed.approvalOf(runId)).decisions).toEqual([]);
  });

  it('refuses an option the approval does not offer, and a button value that is not ours', async () => {
    expect(await send(click('psizero_choose:suspend', encodeChoiceValue(approvalId, 'suspend')))).toMatchObject({
      outcome: 'refused',
      code: 'UNKNOWN_CHOICE',
    });
    expect(await send(click('psizero_choose:write_off', approvalId))).toMatchObject({
      status: 400,
      outcome: 'invalid',
      code: 'VALIDATION_FAILED',
    });
    expect((await bed.approvalOf(runId)).decisions).toEqual([]);
  });
});
