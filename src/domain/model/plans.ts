/**
 * The price list: what each plan costs a month, how many API calls it includes, and the metered
 * price of calls beyond that. The billing cycle invoices from it; the simulator draws plans from it.
 */
export interface Plan {
  id: string;
  monthlyCents: number;
  /** API calls per month included before usage is billed. */
  includedCalls: number;
  /** Overage price per 1,000 calls, in cents. */
  overagePer1kCents: number;
  features: number;
}

export const PLANS: Readonly<Record<string, Plan>> = {
  free: { id: 'free', monthlyCents: 0, includedCalls: 50_000, overagePer1kCents: 0, features: 3 },
  hobby: { id: 'hobby', monthlyCents: 2_900, includedCalls: 250_000, overagePer1kCents: 20, features: 5 },
  pro: { id: 'pro', monthlyCents: 9_900, includedCalls: 1_000_000, overagePer1kCents: 15, features: 8 },
  starter: { id: 'starter', monthlyCents: 9_900, includedCalls: 1_000_000, overagePer1kCents: 15, features: 8 },
  team: { id: 'team', monthlyCents: 24_900, includedCalls: 3_000_000, overagePer1kCents: 12, features: 12 },
  growth: { id: 'growth', monthlyCents: 44_900, includedCalls: 8_000_000, overagePer1kCents: 10, features: 16 },
  business: { id: 'business', monthlyCents: 149_900, includedCalls: 30_000_000, overagePer1kCents: 6, features: 22 },
  scale: { id: 'scale', monthlyCents: 299_900, includedCalls: 80_000_000, overagePer1kCents: 5, features: 26 },
  enterprise: { id: 'enterprise', monthlyCents: 0, includedCalls: 400_000_000, overagePer1kCents: 3, features: 30 },
};
