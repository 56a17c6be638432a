/**
 * Customer segmentation for onboarding tracks, from the seed's criteria:
 *   startup:    employees < 50, budget < $500/month
 *   enterprise: employees > 500, budget > $5,000/month
 *   developer:  technical focus, individual or small team
 * The seed leaves two things open, chosen here and documented in SEGMENT_RULES:
 *   - "technical focus, individual or small team" = at most 10 people, at least half of them developers;
 *   - a company inside none of the boxes (120 people on $1,500/month, 2,000 people on $900/month,
 *     20 people on $800/month) is `mid_market`: between the startup and enterprise boxes by size
 *     or by budget. It is named rather than pushed into the nearest box, so a 210-person firm is
 *     never called a startup and a small budget never an enterprise; the seed gives it no
 *     onboarding track of its own.
 * The order matters: enterprise first (both seed conditions), then developer, then startup.
 */
export const SEGMENTS = ['startup', 'enterprise', 'developer', 'mid_market'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** How each segment reads on a page. */
export const SEGMENT_LABELS: Readonly<Record<Segment, string>> = {
  startup: 'startup',
  enterprise: 'enterprise',
  developer: 'developer',
  mid_market: 'mid-market',
};

export const SEGMENT_RULES = {
  enterpriseEmployeesAbove: 500,
  enterpriseMonthlyCentsAbove: 500_000,
  startupEmployeesBelow: 50,
  startupMonthlyCentsBelow: 50_000,
  developerTeamAtMost: 10,
  developerShareAtLeast: 0.5,
} as const;

export interface SegmentFacts {
  employeeCount: number;
  developerTeamSize: number;
  monthlyPriceCents: number;
}

export function classifySegment(facts: SegmentFacts): Segment {
  const r = SEGMENT_RULES;
  const { employeeCount: employees, developerTeamSize: developers, monthlyPriceCents: cents } = facts;
  if (employees > r.enterpriseEmployeesAbove && cents > r.enterpriseMonthlyCentsAbove) return 'enterprise';
  if (employees <= r.developerTeamAtMost && developers > 0 && developers >= employees * r.developerShareAtLeast)
    return 'developer';
  if (employees < r.startupEmployeesBelow && cents < r.startupMonthlyCentsBelow) return 'startup';
  return 'mid_market';
}
