-- Report schedules and their deliveries (SPEC §9; dev.convolens.schedule and dev.convolens.delivery).

-- One row per schedule. sections and recipients are comma-separated lists (validated on write). active_since is when
-- the schedule was created or last enabled: a period that fell due before it is not sent (no surprise backlog).
CREATE TABLE report_schedules (
    id            VARCHAR PRIMARY KEY,
    tenant_id     VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    frequency     VARCHAR NOT NULL,
    format        VARCHAR NOT NULL,
    sections      VARCHAR NOT NULL,
    recipients    VARCHAR NOT NULL,
    enabled       BOOLEAN NOT NULL,
    timezone      VARCHAR NOT NULL,
    hour          INTEGER NOT NULL,
    active_since  TIMESTAMPTZ NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- One row per (schedule, period, run): the exactly-once guard. A scheduled run has run_key 'scheduled', so its row is
-- inserted once per period whatever the number of instances or restarts; a "send now" has 'manual:<id>'. The row is
-- claimed before anything is generated or sent and carries what the attempt needs (a snapshot of the schedule), so
-- a resumed attempt after a crash sends the same thing. status: pending (claimed, not yet tried), sending (an
-- instance owns the attempt until claimed_until), retrying (failed; next try at next_attempt_at), sent, failed
-- (gave up after the last attempt). message_id is stable per delivery, so a resend after a crash in the instant
-- between the SMTP server's acceptance and the 'sent' commit carries the same Message-ID.
CREATE TABLE report_deliveries (
    id               VARCHAR PRIMARY KEY,
    schedule_id      VARCHAR NOT NULL,
    tenant_id        VARCHAR NOT NULL,
    run_key          VARCHAR NOT NULL,
    period           VARCHAR NOT NULL,
    period_start     DATE NOT NULL,
    period_end       DATE NOT NULL,
    timezone         VARCHAR NOT NULL,
    frequency        VARCHAR NOT NULL,
    format           VARCHAR NOT NULL,
    sections         VARCHAR NOT NULL,
    recipients       VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    claimed_by       VARCHAR,
    claimed_until    TIMESTAMPTZ,
    last_error       VARCHAR,
    file_path        VARCHAR,
    message_id       VARCHAR NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ,
    UNIQUE (schedule_id, period, run_key)
);
