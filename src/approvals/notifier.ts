/**
 * The notification hook the gate calls whenever a person must hear about an approval. Channels
 * (email, Slack, dashboard) implement it in their own issue; the gate writes one audit entry per
 * receipt it gets back, so what was sent to whom is in the audit log whichever channel sent it.
 */
export type NotificationType = 'approval_requested' | 'recommendation' | 'approval_escalated' | 'approval_resolved';

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
  /** When the current round ends (for requests and escalations). */
  deadline: number | null;
  /** Stable per durable step: a channel that sees it twice must send once. */
  idempotencyKey: string;
}

export interface NotificationReceipt {
  recipientId: string;
  channel: string;
  messageId: string | null;
}

export interface Notifier {
  send(notification: ApprovalNotification): Promise<NotificationReceipt[]>;
}

/**
 * Until the channels exist: remembers every notification and reports it delivered on the
 * `recorded` channel, so the audit log shows who would have been told what.
 */
export class RecordingNotifier implements Notifier {
  readonly sent: ApprovalNotification[] = [];

  async send(notification: ApprovalNotification): Promise<NotificationReceipt[]> {
    this.sent.push(notification);
    return notification.recipients.map((recipientId) => ({ recipientId, channel: 'recorded', messageId: null }));
  }
}
