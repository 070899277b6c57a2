package dev.convolens.rollup;

import java.time.Instant;

/**
 * One row of the run log: one tenant's share of a job run (or a whole run of a job that is not about one tenant,
 * with {@code tenantId} null), as {@code GET /api/jobs/runs} answers it.
 *
 * @param runId the run this row belongs to (every tenant's row of one run shares it)
 * @param trigger {@code scheduled}, {@code manual} or {@code backfill}
 * @param from start of the first period recomputed
 * @param to end of the last period recomputed
 * @param periods periods recomputed (tenant_stats: 1 per tenant; retention_cleanup: its steps);
 *        {@code failedPeriods} of them failed after every retry
 * @param attempts most attempts any one period needed
 * @param outcome {@code success}, or {@code failed} when any period failed
 * @param error the failures, naming their periods
 */
record JobRun(String runId, String job, String tenantId, String trigger, Instant from, Instant to, int periods,
        int failedPeriods, long rowsWritten, Instant startedAt, long durationMs, String outcome, int attempts,
        String error) {

    static final String SUCCESS = "success";
    static final String FAILED = "failed";
}
