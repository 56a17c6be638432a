/**
 * Card declines, read as PsiZero's payment recovery needs them: is an automatic retry on the soft
 * schedule (days 1, 3, 7) worth making, or must the customer act first (hard: do not retry)?
 *
 * Stripe's own retry signal is `outcome.advice_code`; when present it decides:
 *   try_again_later → soft; do_not_try_again → hard; confirm_card_data → hard (the customer has to
 *   update or confirm the card before a retry can succeed).
 * Otherwise the decline code decides through the table below, written from Stripe's public decline
 * code reference: a code whose "next steps" say the payment may simply be attempted again, or that
 * names a temporary condition (funds, limits, issuer unavailable), is soft; a code that needs the
 * customer to fix card data, use another card, or that names fraud, loss or a permanent refusal is
 * hard. An unknown code is treated as soft: the soft schedule is short and bounded, and Stripe's
 * generic declines are routinely recovered by retries.
 */
export const ADVICE_CODES = ['try_again_later', 'do_not_try_again', 'confirm_card_data'] as const;
export type AdviceCode = (typeof ADVICE_CODES)[number];

export type DeclineType = 'soft' | 'hard';

export interface DeclineCodeInfo {
  type: DeclineType;
  /** Why, in a few words a finance manager can act on. */
  reason: string;
}

const soft = (reason: string): DeclineCodeInfo => ({ type: 'soft', reason });
const hard = (reason: string): DeclineCodeInfo => ({ type: 'hard', reason });

export const DECLINE_CODES: Readonly<Record<string, DeclineCodeInfo>> = Object.freeze({
  approve_with_id: soft('issuer could not authorise this time; attempt again'),
  authentication_required: hard('issuer requires the customer to authenticate (3-D Secure)'),
  call_issuer: hard('issuer gives no reason; the customer must call their bank'),
  card_declined: soft('generic card decline; retries often succeed'),
  card_not_supported: hard('card cannot be used for this kind of purchase'),
  card_velocity_exceeded: soft('balance or credit limit reached; may clear later'),
  currency_not_supported: hard('card does not support the currency'),
  do_not_honor: soft('issuer declined without a reason; retries often succeed'),
  do_not_try_again: hard('issuer asks not to retry'),
  duplicate_transaction: soft('looked like a duplicate of a very recent payment; check, then retry later'),
  expired_card: hard('card has expired; the customer needs a new card'),
  fraudulent: hard('suspected fraud'),
  generic_decline: soft('generic decline; retries often succeed'),
  incorrect_cvc: hard('wrong CVC; the customer must re-enter card details'),
  incorrect_number: hard('wrong card number'),
  incorrect_pin: hard('wrong PIN'),
  incorrect_zip: hard('postal code does not match; the customer must fix billing details'),
  insufficient_funds: soft('not enough funds now; may succeed after payday'),
  invalid_account: hard('card or its account is invalid'),
  invalid_amount: hard('amount is invalid or above what the card allows'),
  invalid_cvc: hard('invalid CVC'),
  invalid_expiry_month: hard('invalid expiry month'),
  invalid_expiry_year: hard('invalid expiry year'),
  invalid_number: hard('invalid card number'),
  invalid_pin: hard('invalid PIN'),
  issuer_not_available: soft('issuer could not be reached; attempt again'),
  lost_card: hard('card reported lost'),
  merchant_blacklist: hard('issuer blocks payments to this merchant'),
  new_account_information_available: hard('card details changed; the customer must update the card'),
  no_action_taken: soft('issuer gave no reason; retries may succeed'),
  not_permitted: hard('payment not permitted on this card'),
  offline_pin_required: hard('card needs a PIN; not possible online'),
  online_or_offline_pin_required: hard('card needs a PIN; not possible online'),
  pickup_card: hard('issuer asks to retain the card (often lost or stolen)'),
  pin_try_exceeded: soft('PIN attempts exhausted for now'),
  processing_error: soft('error while processing the card; attempt again'),
  reenter_transaction: soft('issuer could not process it; attempt again'),
  restricted_card: hard('card is restricted (possibly lost or stolen)'),
  revocation_of_all_authorizations: hard('customer revoked all recurring authorisations'),
  revocation_of_authorization: hard('customer revoked this recurring authorisation'),
  security_violation: hard('issuer reports a security violation'),
  service_not_allowed: hard('card does not allow this kind of service'),
  stolen_card: hard('card reported stolen'),
  stop_payment_order: hard('customer ordered the bank to stop this payment'),
  testmode_decline: hard('a Stripe test card was used'),
  transaction_not_allowed: hard('card does not allow this transaction'),
  try_again_later: soft('temporary refusal; attempt again later'),
  withdrawal_count_limit_exceeded: soft('withdrawal limit reached; may clear later'),
});

export interface DeclineClassification {
  type: DeclineType;
  advice: 'retry' | 'do_not_retry';
  /** What decided: Stripe's advice code, our decline-code table, or the default for unknown codes. */
  source: 'advice_code' | 'decline_code' | 'default';
  reason: string;
}

export function classifyDecline(decline: {
  declineCode: string | null;
  adviceCode: string | null;
}): DeclineClassification {
  const { declineCode, adviceCode } = decline;
  if (adviceCode === 'try_again_later') return result('soft', 'advice_code', 'Stripe advises trying again later');
  if (adviceCode === 'do_not_try_again') return result('hard', 'advice_code', 'Stripe advises not to try again');
  if (adviceCode === 'confirm_card_data')
    return result('hard', 'advice_code', 'Stripe advises the customer to confirm or update the card');
  // hasOwn: a code such as 'constructor' must not find Object.prototype.
  const info =
    declineCode !== null && Object.hasOwn(DECLINE_CODES, declineCode) ? DECLINE_CODES[declineCode] : undefined;
  if (info) return result(info.type, 'decline_code', info.reason);
  return result(
    'soft',
    'default',
    declineCode === null ? 'no decline code given' : `unknown decline code ${declineCode}`,
  );
}

function result(type: DeclineType, source: DeclineClassification['source'], reason: string): DeclineClassification {
  return { type, advice: type === 'soft' ? 'retry' : 'do_not_retry', source, reason };
}
