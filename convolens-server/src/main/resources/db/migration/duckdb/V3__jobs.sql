-- The job framework (dev.convolens.rollup): run log, per-job progress through dirty_ranges, periods to retry,
-- the cluster lock per job, and the per-tenant stats of the tenant_stats job.

-- One row per (job run, tenant), or per job run for a job not about one tenant (tenant_id NULL).
CREATE SEQUENCE job_runs_seq;
CREATE TABLE job_runs (
    id              BIGINT NOT NULL,
    run_id          VARCHAR NOT NULL,
    job             VARCHAR NOT NULL,
    tenant_id       VARCHAR,
    run_trigger     VARCHAR NOT NULL,
    period_from     TIMESTAMPTZ,
    period_to       TIMESTAMPTZ,
    periods         INTEGER NOT NULL,
    failed_periods  INTEGER NOT NULL,
    rows_written    BIGINT NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    duration_ms     BIGINT NOT NULL,
    outcome         VARCHAR NOT NULL,
    attempts        INTEGER NOT NULL,
    error           VARCHAR
);

-- How far each job has read dirty_ranges (their seq).
CREATE TABLE job_watermarks (
    job         VARCHAR PRIMARY KEY,
    seq         BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- Periods whose recompute failed after every retry; the job's next scheduled run tries them again.
CREATE TABLE job_failed_periods (
    job          VARCHAR NOT NULL,
    tenant_id    VARCHAR NOT NULL,
    period_from  TIMESTAMPTZ NOT NULL,
    failed_at    TIMESTAMPTZ NOT NULL,
    error        VARCHAR,
    PRIMARY KEY (job, tenant_id, period_from)
);

-- ShedLock's table: one lease per job, so that a scheduled run happens on one instance of a cluster.
CREATE TABLE shedlock (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    lock_until  TIMESTAMP NOT NULL,
    locked_at   TIMESTAMP NOT NULL,
    locked_by   VARCHAR(255) NOT NULL
);

-- Per-tenant stats (seed 000's hbf-stats): daily buckets for the last 60 local days and monthly buckets for the last
-- 13 local months, rewritten whole by the tenant_stats job; updated_at is when the tenant's set was written.
CREATE TABLE tenant_stats (
    tenant_id                 VARCHAR NOT NULL,
    bucket                    VARCHAR NOT NULL,
    period_start              DATE NOT NULL,
    timezone                  VARCHAR NOT NULL,
    conversations_started     BIGINT NOT NULL,
    conversations_resolved    BIGINT NOT NULL,
    conversations_escalated   BIGINT NOT NULL,
    conversations_ai_handled  BIGINT NOT NULL,
    messages_in               BIGINT NOT NULL,
    messages_out              BIGINT NOT NULL,
    avg_first_response_ms     DOUBLE,
    first_responses           BIGINT NOT NULL,
    csat_score                DOUBLE,
    csat_ratings              BIGINT NOT NULL,
    livechat_requests         BIGINT NOT NULL,
    livechat_missed           BIGINT NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);
