-- The simulated demo company (issue 13).

-- Written in the same transaction as the whole seeded company, so a company exists only complete;
-- taken_over_at is set once its open failed payments were handed to payment recovery.
CREATE TABLE demo_company (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seed TEXT NOT NULL,
  seeded_at INTEGER NOT NULL,
  taken_over_at INTEGER
);

-- Segments by the seed's rule with mid_market for a company inside neither box
-- (src/domain/model/segments.ts): customers the earlier rule put into the nearest box move.
UPDATE customers
SET segment = CASE
  WHEN employee_count > 500 AND monthly_price_cents > 500000 THEN 'enterprise'
  WHEN employee_count <= 10 AND developer_team_size > 0 AND developer_team_size * 2 >= employee_count THEN 'developer'
  WHEN employee_count < 50 AND monthly_price_cents < 50000 THEN 'startup'
  ELSE 'mid_market'
END
WHERE segment IN ('startup', 'enterprise', 'developer');
