/**
 * Verifies a stored audit log through its repository: everything up to the chain head read at the
 * start (appends may continue meanwhile), then that no entry sits past the head that the appender
 * never recorded (a row inserted around it).
 */
import type { AuditRepository } from './audit-repository.ts';
import { verifyAuditChainAsync, type AuditVerification } from './verify.ts';

export async function verifyAuditLog(audit: AuditRepository): Promise<AuditVerification> {
  const head = await audit.head();
  const result = await verifyAuditChainAsync(audit.iterate({ toSeq: head.seq }), head);
  if (!result.ok) return result;
  const latest = await audit.head();
  const [beyond] = await audit.list({ afterSeq: latest.seq, limit: 1 });
  if (beyond !== undefined) {
    return {
      ok: false,
      seq: beyond.seq,
      problem: 'inserted',
      message: `entry #${beyond.seq} lies past the chain head (#${latest.seq}): it was inserted without the appender`,
      entriesChecked: result.entries,
    };
  }
  return result;
}
