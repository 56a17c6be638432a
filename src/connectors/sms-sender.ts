/**
 * Text messages to customers. No provider ships with PsiZero yet: without one, billing records an
 * SMS as not sent (with the reason) instead of dropping it.
 */
export interface SmsSender {
  send(message: { to: string; text: string; idempotencyKey: string }): Promise<{ id: string }>;
}
