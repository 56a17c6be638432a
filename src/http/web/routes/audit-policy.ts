/** The audit log page (with chain verification) and the effective policy page. */
import { z } from 'zod';
import { AUDIT_KINDS } from '../../../audit/index.ts';
import { RULES } from '../../shared/access-rules.ts';
import type { ApiRouter } from '../../shared/router.ts';
import type { AuditPort, PolicyPort } from '../../shared/services.ts';
import { parseOrThrow } from '../../shared/validation.ts';
import { render, type PageDeps } from '../context.ts';
import { auditView } from '../views/audit.ts';
import { policyView } from '../views/policy.ts';

const AuditQuery = z.object({ kind: z.string().max(100).default('') });

export interface AuditPolicyPageDeps extends PageDeps {
  audit: AuditPort;
  policy: PolicyPort;
}

export function registerAuditPolicyPages(router: ApiRouter, deps: AuditPolicyPageDeps): void {
  const { guard, audit, policy } = deps;

  router.get('/audit', guard.allow(RULES.auditRead, { page: true }), async (c) => {
    const { kind } = parseOrThrow(AuditQuery, c.req.query(), 'filters', 'query');
    const [entries, verification] = await Promise.all([
      audit.list({ kind: kind || undefined, limit: 200, latest: true }),
      audit.verify(),
    ]);
    return render(
      c,
      deps,
      'audit',
      'Audit log',
      auditView(entries, verification, policy.current.directory, kind, AUDIT_KINDS),
    );
  });

  router.get('/policy', guard.allow(RULES.policyRead, { page: true }), async (c) => {
    return render(c, deps, 'policy', 'Policy', policyView(policy.current, policy.source, policy.workflows()));
  });
}
