-- Payment recovery, finished for finance (issue 13).
-- A case handed to a person says so until they decide, and then what became of the decision: the
-- billing page's "handed to a person" counts only cases still waiting.
ALTER TABLE recovery_cases ADD COLUMN waiting_since BIGINT;
ALTER TABLE recovery_cases ADD COLUMN decision_outcome TEXT;
ALTER TABLE recovery_cases ADD COLUMN decision_summary TEXT;
ALTER TABLE recovery_cases ADD COLUMN decided_at BIGINT;

-- The gateway's id of every charge PsiZero made, so that a dispute Stripe reports by charge id
-- finds the invoice and the payment attempt it is about.
CREATE TABLE gateway_charges (
  charge_id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL,
  invoice_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
