/**
 * The interactions handler as a fetch-style function, `(Request) => Promise<Response>`, for the
 * HTTP layer to mount at `POST /slack/interactions` as it is (its body-size limit applies first).
 * The body is read as text once and never re-encoded: Slack's signature covers the bytes as sent.
 */
import type { SlackInteractionDeps, SlackInteractionResult } from './slack-interactions.ts';
import { handleSlackInteraction } from './slack-interactions.ts';

/** 400 and 401 in the API's error shape; 200 with the modal's answer, or empty (Slack ignores it). */
export function slackInteractionResponse(result: SlackInteractionResult): Response {
  if (result.status !== 200) {
    return Response.json(
      { error: { code: result.code ?? 'SLACK_REQUEST_INVALID', message: result.message } },
      { status: result.status },
    );
  }
  return result.body === null ? new Response(null, { status: 200 }) : Response.json(result.body, { status: 200 });
}

export function slackInteractionsHandler(deps: SlackInteractionDeps): (request: Request) => Promise<Response> {
  return async (request) =>
    slackInteractionResponse(await handleSlackInteraction(await request.text(), request.headers, deps));
}
