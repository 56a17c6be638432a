/**
 * The gate's Notifier for real channels. Per notification, inside the run:
 *
 *   step <notify>:plan                       who gets what (recorded, so a replay after a config
 *                                            change still issues the same steps)
 *   step <notify>:dashboard:<person>         always, for everyone
 *   step <notify>:slack:<person>             with a Slack id, when Slack is configured
 *   step <notify>:email:<person>             with an address, when SMTP is configured
 *
 * Deliveries run concurrently, each its own durable step with its own retry policy: a channel that
 * is down fails its step, the engine retries it with backoff (each failed attempt and its error in
 * the run's history), and the other channels are not held back. The approval row was written by
 * the gate's request step before any of this, so nothing about the approval depends on a channel.
 *
 * A delivery that keeps failing ends as a receipt with an error, which the gate audits as
 * `notification_failed`; the run goes on to wait for the decision, which can still come from the
 * dashboard or another channel. While a delivery is being retried the run has not started its wait
 * yet, so a request's retries stop before they would pass the round's deadline
 * (DELIVERY_TOO_LATE): the gate's timeout then escalates on time, and the people it escalates to
 * are notified afresh.
 *
 * Before each attempt the approval is read again: a request whose person can no longer decide
 * (someone settled it, or they already decided) is skipped on Slack and email. The dashboard
 * notification is always written.
 */
import type {
  ApprovalNotification,
  ApprovalService,
  NotificationReceipt,
  Notifier,
  NotifyScope,
} from '../approvals/index.ts';
import { isResolved } from '../approvals/index.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { silentLogger } from '../lib/logger.ts';
import type { RetryPolicy } from '../engine/retry.ts';
import { retryDelayFor } from '../engine/retry.ts';
import type { StepInfo, WorkflowContext } from '../engine/workflow.ts';
import { StepFailedError, serializeError } from '../lib/errors.ts';
import type { Directory } from '../policy/index.ts';
import { findPerson } from '../policy/index.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import type { DeliveryOutcome, EmailChannel, SlackChannel } from './deliveries.ts';
import { deliverEmail, deliverSlack, deliverToDashboard } from './deliveries.ts';
import type { PlannedDelivery } from './delivery-plan.ts';
import { planDeliveries } from './delivery-plan.ts';
import { ChannelError } from './errors.ts';
import { composeMessage } from './message.ts';

/**
 * About ten minutes of retries (5 s doubling to a 2-minute cap, ten attempts), each attempt cut
 * off after a minute: long enough to ride out an SMTP restart or a Slack incident's first minutes,
 * short enough not to hold a run for long; the deadline check above bounds it further.
 */
export const DELIVERY_RETRY: RetryPolicy = {
  maxAttempts: 10,
  initialDelayMs: 5_000,
  backoffFactor: 2,
  maxDelayMs: 120_000,
  jitter: 0.2,
  timeoutMs: 60_000,
};

export interface ChannelNotifierOptions {
  directory: Directory;
  /** The company's zone (the policy's business calendar): times for people without a directory time zone. */
  timeZone: string;
  /** Read before each attempt, for the current state of the approval. */
  approvals: Pick<ApprovalService, 'get'>;
  notifications: NotificationRepository;
  clock: Clock;
  email?: EmailChannel | null;
  slack?: SlackChannel | null;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
}

export class ChannelNotifier implements Notifier {
  private readonly options: ChannelNotifierOptions;
  private readonly retry: RetryPolicy;
  private readonly logger: Logger;

  constructor(options: ChannelNotifierOptions) {
    this.options = options;
    this.retry = { ...DELIVERY_RETRY, ...options.retry };
    this.logger = options.logger ?? silentLogger;
  }

  /** Which channels this notifier can use besides the dashboard. */
  get channels(): { email: boolean; slack: boolean } {
    return { email: (this.options.email ?? null) !== null, slack: (this.options.slack ?? null) !== null };
  }

  async send(notification: ApprovalNotification, { ctx, step }: NotifyScope): Promise<NotificationReceipt[]> {
    const plan = await ctx.step(`${step}:plan`, () =>
      planDeliveries(notification.recipients, this.options.directory, this.channels),
    );
    // Started in plan order, so every replay allocates the same step positions.
    const receipts = await Promise.all(plan.map((delivery) => this.deliver(ctx, step, notification, delivery)));
    return receipts.filter((r): r is NotificationReceipt => r !== null);
  }

  private async deliver(
    ctx: WorkflowContext,
    step: string,
    notification: ApprovalNotification,
    delivery: PlannedDelivery,
  ): Promise<NotificationReceipt | null> {
    const { recipientId, channel } = delivery;
    try {
      const outcome = await ctx.step(
        `${step}:${channel}:${recipientId}`,
        (info) => this.attempt(notification, delivery, info),
        { retry: this.retry },
      );
      return outcome.status === 'skipped' ? null : { recipientId, channel, messageId: outcome.messageId };
    } catch (err) {
      if (!(err instanceof StepFailedError)) throw err;
      const { code, message } = err.lastError;
      return { recipientId, channel, messageId: null, error: { code, message } };
    }
  }

  private async attempt(
    notification: ApprovalNotification,
    delivery: PlannedDelivery,
    info: StepInfo,
  ): Promise<DeliveryOutcome> {
    try {
      return await this.attemptOnce(notification, delivery, info);
    } catch (err) {
      const failure = this.tooLate(err, notification, delivery, info) ?? err;
      const { code, message, retryable } = serializeError(failure);
      // Code and message only: errors from the channels never carry credentials, and no payload is logged.
      this.logger.warn(
        {
          channel: delivery.channel,
          recipient: delivery.recipientId,
          approvalId: notification.approvalId,
          attempt: info.attempt,
          code,
          message,
          retryable,
        },
        'notification delivery attempt failed',
      );
      throw failure;
    }
  }

  /**
   * The run cannot start waiting for the decision while a delivery is retrying, so a retry that
   * would come after the round's deadline would only delay the gate's timeout: give up now instead.
   */
  private tooLate(
    err: unknown,
    notification: ApprovalNotification,
    delivery: PlannedDelivery,
    info: StepInfo,
  ): ChannelError | null {
    const { code, message, retryable } = serializeError(err);
    if (!retryable || notification.deadline === null || info.attempt >= this.retry.maxAttempts) return null;
    // When the engine will retry: the same jittered delay it schedules.
    const nextAttemptAt = this.options.clock.now() + retryDelayFor(this.retry, info.idempotencyKey, info.attempt);
    if (nextAttemptAt < notification.deadline) return null;
    return new ChannelError(
      'DELIVERY_TOO_LATE',
      delivery.channel,
      `${message}; not retried: the decision deadline comes first`,
      {
        retryable: false,
        details: { lastCode: code },
      },
    );
  }

  private async attemptOnce(
    notification: ApprovalNotification,
    delivery: PlannedDelivery,
    info: StepInfo,
  ): Promise<DeliveryOutcome> {
    const { directory, clock } = this.options;
    const person = findPerson(directory, delivery.recipientId);
    if (person === undefined) {
      throw new ChannelError(
        'RECIPIENT_UNREACHABLE',
        delivery.channel,
        `${delivery.recipientId} is not in the directory`,
        { retryable: false },
      );
    }
    const approval = await this.options.approvals.get(notification.approvalId);
    const now = clock.now();
    const message = composeMessage(notification, approval, person, directory, now, this.options.timeZone);
    const input = { notification, person, message, key: info.idempotencyKey, now, settled: isResolved(approval) };
    if (delivery.channel === 'dashboard') return deliverToDashboard(this.options.notifications, input);

    if (notification.type !== 'approval_resolved') {
      if (!message.canDecide)
        return {
          status: 'skipped',
          reason: `${person.id} can no longer decide approval ${approval.id} (it is ${approval.status})`,
        };
      if (notification.deadline !== null && now >= notification.deadline) {
        throw new ChannelError(
          'DELIVERY_TOO_LATE',
          delivery.channel,
          `the decision deadline passed before the ${delivery.channel} message went out`,
          { retryable: false },
        );
      }
    }
    const { email, slack } = this.options;
    if (delivery.channel === 'email' && email) return deliverEmail(email, input);
    if (delivery.channel === 'slack' && slack) return deliverSlack(slack, input);
    // Planned in an earlier process that had this channel; this one does not.
    throw new ChannelError(
      'CHANNEL_NOT_CONFIGURED',
      delivery.channel,
      `${delivery.channel} is not configured in this process`,
      { retryable: false },
    );
  }
}
