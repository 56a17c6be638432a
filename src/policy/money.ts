/**
 * Money and percentage helpers shared by the policy rules and their plain-English reasons.
 * Policy amounts arrive in USD as JavaScript numbers; every comparison happens on whole cents so
 * float noise (0.1 + 0.2) can never flip a boundary such as $999.99 versus $1,000.
 */

/** USD to whole cents, rounding to the nearest cent: sub-cent fractions are not money. */
export function toCents(usd: number): number {
  return Math.round(usd * 100);
}

/** "$4,200", "$4,200.50", "$999.99": thousands separators always, cents only when not whole. */
export function formatUsd(usd: number): string {
  const cents = toCents(usd);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = formatCount(Math.floor(abs / 100));
  const rest = abs % 100;
  return `${sign}$${dollars}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

/** 1234567 -> "1,234,567"; hand-rolled so output never depends on the process locale or ICU build. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 99.5 -> "99.5%"; at most two decimals, trailing zeros dropped. */
export function formatPercent(percent: number): string {
  return `${Number(percent.toFixed(2))}%`;
}

/** A 0..1 ratio as a percentage: 0.72 -> "72%". */
export function formatRatio(ratio: number): string {
  return formatPercent(ratio * 100);
}
