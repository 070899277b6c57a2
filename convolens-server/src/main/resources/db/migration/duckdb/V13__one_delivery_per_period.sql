-- One delivery per (schedule, period), whoever asks for it (dev.convolens.delivery). Until now a "send now" claimed
-- run_key 'manual:<random id>', so every press was a delivery of its own and each one mailed the period again once
-- the mail server was back. From here run_key says which copy of the period a row is: 'period' for the period's
-- delivery (claimed once, by the schedule's run or by the first "send now"), 'resend:<n>' for the n-th one after it (an
-- explicit resend of a sent period, or a new try after the period's delivery failed). The unique
-- (schedule, period, run) key then lets each copy be claimed once across presses, instances and restarts. What asked
-- for a row moves to its own column: scheduled, manual ("send now") or resend. Rows claimed before keep their
-- run keys ('manual:<id>' rows stay copies of their own).
ALTER TABLE report_deliveries ADD COLUMN trigger_kind VARCHAR DEFAULT 'scheduled';
UPDATE report_deliveries SET trigger_kind = 'manual' WHERE run_key <> 'scheduled';
UPDATE report_deliveries SET run_key = 'period' WHERE run_key = 'scheduled';
