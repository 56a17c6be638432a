-- PsiZero's recommendation now travels with the approval (its JSON body), so every view shows it
-- without reading the audit log. Approvals opened before this version get it from their action's
-- first decision record, where the gate has always written it.
UPDATE approvals
SET body = json_set(body, '$.recommendation', json((
  SELECT json_extract(a.data, '$.recommendation')
  FROM audit_log a
  WHERE a.kind = 'decision_record' AND a.run_id = approvals.run_id AND a.action_id = approvals.action_id
    AND CASE WHEN json_valid(a.data) THEN json_type(a.data, '$.recommendation') END = 'object'
  ORDER BY a.seq
  LIMIT 1
)))
WHERE CASE WHEN json_valid(body) THEN json_type(body) = 'object' AND json_type(body, '$.recommendation') IS NULL END
  AND EXISTS (
    SELECT 1 FROM audit_log a
    WHERE a.kind = 'decision_record' AND a.run_id = approvals.run_id AND a.action_id = approvals.action_id
      AND CASE WHEN json_valid(a.data) THEN json_type(a.data, '$.recommendation') END = 'object'
  );
