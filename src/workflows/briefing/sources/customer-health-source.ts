/**
 * `customer_health_changes`: customers whose health band fell since the last briefing. Health
 * scores are computed by the customer health workflow of a later issue; until it plugs in its own
 * source, this one says so instead of inventing a score.
 */
import type { CustomerRef } from '../../../domain/metrics/index.ts';
import { unavailable, type BriefingSource } from './source.ts';

export interface HealthDrop {
  customer: CustomerRef;
  from: string;
  to: string;
}

export interface CustomerHealthData {
  /** Customers whose health band fell since the last briefing. */
  drops: HealthDrop[];
  /** Health scores recomputed since the last briefing (an autonomous action). */
  scoresUpdated: number;
}

export const HEALTH_NOT_BUILT = 'customer health scores are not computed yet; the customer health workflow comes later';

export function customerHealthSource(): BriefingSource<CustomerHealthData> {
  return {
    name: 'customer_health_changes',
    title: 'customer health changes',
    collect: async () => unavailable(HEALTH_NOT_BUILT),
  };
}
