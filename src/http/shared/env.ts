/** What every handler of the HTTP app sees in its context. */
import type { Principal } from '../../auth/index.ts';
import type { Logger } from '../../lib/logger.ts';

export interface ApiVariables {
  /** The caller, or null when the request carries no valid credentials. */
  principal: Principal | null;
  /** Why presented credentials were not accepted (a bad or revoked API key), for a precise 401. */
  credentialProblem: string | null;
  /** This request's logger: a child naming the request id (set by the request log). */
  log: Logger;
}

export interface ApiEnv {
  Variables: ApiVariables;
}
