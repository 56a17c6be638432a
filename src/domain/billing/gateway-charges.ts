/**
 * Which payment attempt a gateway charge became. PsiZero records its own charges by invoice and
 * attempt (`pay_<invoice>_<n>`); Stripe names a disputed charge by its own id (`ch_…`), so the
 * charge id is kept beside the attempt (billing-commands.ts) and looked up here when a dispute
 * arrives (ingestion's Stripe mapping).
 */
import type { DbTransaction } from '../../db/database.ts';

export async function paymentOfGatewayCharge(trx: DbTransaction, chargeId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('gateway_charges')
    .select('payment_id')
    .where('charge_id', '=', chargeId)
    .executeTakeFirst();
  return row?.payment_id ?? null;
}
