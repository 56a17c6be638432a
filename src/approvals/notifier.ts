/**
 * The notification hook the gate calls whenever a person must hear about an approval. Channels
 * (src/channels: Slack, email, dashboard) implement it; the gate writes one audit entry per
 * receipt it gets back, so what was sent to whom, and what could not be delivered, is in the audit
 * log whichever channel sent it.
 */
import type { WorkflowContext } from '../engine/workflow.ts';

export type NotificationType = 'approval_requested' | 'recommendation' | 'approval_escalated' | 'approval_resolved';

/** What the action is about, in the terms the person deciding cares about. */
export interface NotificationFacts {
  /** The financial impact the policy routed on, in USD; null when the action has none. */
  amountUsd: number | null;
  customers: { id: string; name: string | null }[];
  /** What PsiZero recommends, if the workflow said. */
  recommendation: string | null;
}

export interface ApprovalNotification {
  type: NotificationType;
  approvalId: string;
  runId: string;
  actionId: string;
  title: string;
  level: number;
  /** Directory ids of the people to notify. */
  recipients: string[];
  /** Plain text: the decision record, or what became of the approval. */
  summary: string;
  facts: NotificationFacts;
  /** When the current round ends (for requests and escalations). */
  deadline: number | null;
  /** Stable per durable step: a channel that sees it twice must send once. */
  idempotencyKey: string;
}

export interface NotificationReceipt {
  recipientId: string;
  channel: string;
  messageId: string | null;
  /** Set when the channel gave up on this recipient (after its retries); audited as `notification_failed`. */
  error?: { code: string; message: string };
}

/**
 * Where the gate is when it notifies: the run's context, and the name of the gate's notify step,
 * under which a notifier names its own steps (`<step>:<suffix>`).
 */
export interface NotifyScope {
  ctx: WorkflowContext;
  step: string;
}

export interface Notifier {
  /**
   * Called in workflow code, outside any step, each time the run passes the gate's notify point,
   * replays included. So every effect must happen inside `scope.ctx.step(...)`, and the steps a
   * notifier issues must depend only on the notification and on results recorded in earlier
   * steps: then a replay issues the same steps and finds their results in history. That is what
   * lets a channel deliver in steps of its own, each retried with backoff by the engine and
   * visible in the run's history.
   */
  send(notification: ApprovalNotification, scope: NotifyScope): Promise<NotificationReceipt[]>;
}

/**
 * For tests and runs without channels: remembers every notification (once, inside a step) and
 * reports it delivered on the `recorded` channel, so the audit log shows who would have been told.
 */
export class RecordingNotifier implements Notifier {
  readonly sent: ApprovalNotification[] = [];

  async send(notification: ApprovalNotification, scope: NotifyScope): Promise<NotificationReceipt[]> {
    return scope.ctx.step(`${scope.step}:recorded`, () => {
      this.sent.push(notification);
      return notification.recipients.map((recipientId): NotificationReceipt => ({
        recipientId,
        channel: 'recorded',
        messageId: null,
      }));
    });
  }
}
