import { describe, expect, it } from 'vitest';
import {
  SLACK_REPLAY_WINDOW_MS,
  SlackReplayGuard,
  SlackSignatureError,
  slackSignature,
  verifySlackSignature,
} from '../../../src/channels/index.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SlackSignatureError);
    return (err as SlackSignatureError).code;
  }
  throw new Error('expected a refusal');
}

describe('Slack request signatures', () => {
  it("matches Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack)", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
    expect(slackSignature(SECRET, '1531420618', body)).toBe(signature);
    expect(
      verifySlackSignature({ rawBody: body, timestamp: '1531420618', signature }, SECRET, 1531420618_000 + 60_000),
    ).toBe(1531420618_000);
  });

  const now = Date.UTC(2026, 2, 1, 12);
  const ts = String(now / 1000);
  const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
  const good = slackSignature(SECRET, ts, body);

  it('refuses a wrong secret, an altered body or timestamp, and a malformed or missing header', () => {
    expect(
      code(() =>
        verifySlackSignature(
          { rawBody: body, timestamp: ts, signature: slackSignature('another-secret', ts, body) },
          SECRET,
          now,
        ),
      ),
    ).toBe('SLACK_SIGNATURE_INVALID');
    expect(code(() => verifySlackSignature({ rawBody: `${body}x`, timestamp: ts, signature: good }, SECRET, now))).toBe(
      'SLACK_SIGNATURE_INVALID',
    );
    expect(
      code(() =>
        verifySlackSignature({ rawBody: body, timestamp: String(now / 1000 + 1), signature: good }, SECRET, now),
      ),
    ).toBe('SLACK_SIGNATURE_INVALID');
    expect(
      code(() => verifySlackSignature({ rawBody: body, timestamp: ts, signature: good.slice(0, -2) }, SECRET, now)),
    ).toBe('SLACK_SIGNATURE_INVALID');
    expect(
      code(() =>
        verifySlackSignature({ rawBody: body, timestamp: ts, signature: good.replace('v0=', 'v1=') }, SECRET, now),
      ),
    ).toBe('SLACK_SIGNATURE_INVALID');
    expect(code(() => verifySlackSignature({ rawBody: body, timestamp: '1e9', signature: good }, SECRET, now))).toBe(
      'SLACK_SIGNATURE_INVALID',
    );
    expect(
      code(() => verifySlackSignature({ rawBody: body, timestamp: undefined, signature: good }, SECRET, now)),
    ).toBe('SLACK_SIGNATURE_MISSING');
    expect(code(() => verifySlackSignature({ rawBody: body, timestamp: ts, signature: '' }, SECRET, now))).toBe(
      'SLACK_SIGNATURE_MISSING',
    );
  });

  it('accepts five minutes either way and refuses anything older or newer, however well signed', () => {
    expect(
      verifySlackSignature({ rawBody: body, timestamp: ts, signature: good }, SECRET, now + SLACK_REPLAY_WINDOW_MS),
    ).toBe(now);
    expect(
      verifySlackSignature({ rawBody: body, timestamp: ts, signature: good }, SECRET, now - SLACK_REPLAY_WINDOW_MS),
    ).toBe(now);
    expect(
      code(() =>
        verifySlackSignature(
          { rawBody: body, timestamp: ts, signature: good },
          SECRET,
          now + SLACK_REPLAY_WINDOW_MS + 1_000,
        ),
      ),
    ).toBe('SLACK_REQUEST_STALE');
    expect(
      code(() =>
        verifySlackSignature(
          { rawBody: body, timestamp: ts, signature: good },
          SECRET,
          now - SLACK_REPLAY_WINDOW_MS - 1_000,
        ),
      ),
    ).toBe('SLACK_REQUEST_STALE');
  });

  it('takes each signed request once while it is inside the window, and forgets it after', () => {
    const guard = new SlackReplayGuard();
    expect(guard.accept(good, now, now)).toBe(true);
    expect(guard.accept(good, now, now + 60_000)).toBe(false);
    expect(guard.accept('v0=other', now, now + 60_000)).toBe(true);
    // Once out of the window the stale check refuses it; the guard need not remember it.
    expect(guard.accept(good, now, now + SLACK_REPLAY_WINDOW_MS + 1)).toBe(true);
  });
});
