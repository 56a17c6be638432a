-- PsiZero's recommendation now travels with the approval (its JSON body), so every view shows it
-- without reading the audit log. Approvals opened before this version get it from their action's
-- first decision record, where the gate has always written it. Only decision records are read as
-- JSON (the materialised CTE filters before any cast).
WITH decisions AS MATERIALIZED (
  SELECT run_id, action_id, data, seq FROM audit_log WHERE kind = 'decision_record'
), first_recommendation AS (
  SELECT DISTINCT ON (run_id, action_id) run_id, action_id, data::jsonb -> 'recommendation' AS recommendation
  FROM decisions
  ORDER BY run_id, action_id, seq
)
UPDATE approvals
SET body = jsonb_set(approvals.body::jsonb, '{recommendation}', f.recommendation)::text
FROM first_recommendation f
WHERE f.run_id = approvals.run_id AND f.action_id = approvals.action_id
  AND jsonb_typeof(f.recommendation) = 'object'
  AND jsonb_typeof(approvals.body::jsonb) = 'object'
  AND (approvals.body::jsonb -> 'recommendation') IS NULL;
