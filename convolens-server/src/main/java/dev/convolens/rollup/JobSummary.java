package dev.convolens.rollup;

import java.time.Instant;
import java.util.Map;

/**
 * What one run of a job did, as {@code POST /api/jobs/{name}/run} answers it.
 *
 * @param tenants tenants the run worked on
 * @param periods periods recomputed (stats: tenants rewritten; cleanup: steps)
 * @param rows rows written (cleanup: rows deleted)
 * @param failures periods (tenants, steps) that still failed after every retry
 * @param details per-step counts of jobs that have steps (retention_cleanup: rows deleted per table)
 */
record JobSummary(String job, String trigger, int tenants, int periods, long rows, int failures, Instant startedAt,
        long durationMs, Map<String, Long> details) {}
