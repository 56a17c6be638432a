/**
 * What customers write support tickets about: per subcategory, topics with a subject template and
 * the sentences about that very matter, one file per ticket category (ticket-text.ts composes them,
 * drawing slots from ticket-vocabulary.ts).
 */
import type { TicketSubcategory } from '../domain/model/index.ts';
import { BILLING_TOPICS } from './ticket-topics-billing.ts';
import { FEATURE_TOPICS, GENERAL_TOPICS } from './ticket-topics-product.ts';
import { TECHNICAL_TOPICS } from './ticket-topics-technical.ts';
import type { Topic } from './ticket-vocabulary.ts';

export const TOPICS: Record<TicketSubcategory, readonly Topic[]> = {
  ...TECHNICAL_TOPICS,
  ...BILLING_TOPICS,
  ...FEATURE_TOPICS,
  ...GENERAL_TOPICS,
};
