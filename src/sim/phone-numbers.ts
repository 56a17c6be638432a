/**
 * Plausible phone numbers for simulated customers: US numbers from the 555-0100 to 555-0199 range
 * set aside for fiction, so a demo never texts a real person. Derived from the customer's index
 * (not its random stream), so adding them changed nothing else the simulator draws.
 */
const AREA_CODES = ['212', '312', '415', '512', '617', '206', '303', '404', '702', '305'];

/** E.164, e.g. +14155550142; 1,000 distinct numbers before they repeat. */
export function simulatedPhoneNumber(index: number): string {
  const area = AREA_CODES[Math.floor(index / 100) % AREA_CODES.length]!;
  return `+1${area}5550${100 + (index % 100)}`;
}
