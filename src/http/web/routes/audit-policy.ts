/** The audit log page (with chain verification) and the effective policy page. */
import { z } from 'zod';
import { AUDIT_KINDS, verifyAuditLog } from '../../../audit/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter, RouteDeps } from '../../shared/router.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { render } from '../context.ts';
import { auditView } from '../views/audit.ts';
import { policyView } from '../views/policy.ts';

const AuditQuery = z.object({ kind: z.string().max(100).default('') });

export function registerAuditPolicyPages(router: ApiRouter, deps: RouteDeps): void {
  const { guard, app } = deps;

  router.get('/audit', guard.allow(RULES.auditRead, { page: true }), async (c) => {
    const { kind } = parseOrThrow(AuditQuery, c.req.query(), 'filters', 'query');
    const [entries, verification] = await Promise.all([
      app.repositories.audit.list({ kind: kind || undefined, limit: 200, latest: true }),
      verifyAuditLog(app.repositories.audit),
    ]);
    return render(
      c,
      deps,
      'audit',
      'Audit log',
      auditView(entries, verification, app.policy.directory, kind, AUDIT_KINDS),
    );
  });

  router.get('/policy', guard.allow(RULES.policyRead, { page: true }), async (c) => {
    const source = app.config.policy.file ?? 'the built-in defaults';
    return render(c, deps, 'policy', 'Policy', policyView(app.policy, source));
  });
}
